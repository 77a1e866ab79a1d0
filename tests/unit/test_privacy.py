"""SPEC 8, privacy: one customer's data on request, and an erase that leaves no copy."""

import json
from datetime import date

import pytest
from openpyxl import load_workbook

from crm.cli import main as cli
from crm.db import database, database_files
from crm.errors import InvalidInput, NotAllowed
from crm.io.customer_data import write_customer_data
from crm.models import AuditEntry, Community, Customer, LevelChange, Task, Visit
from crm.services import community_changes, customer_level, customers, tasks, visits
from crm.services.common import Actor
from crm.services.customers import create_customer, get_customer, update_customer
from crm.services.privacy import customer_data, erase_customer
from crm.services.visits import log_visit

STAFF = Actor(staff_id=None, role="staff", name="小李")
MANAGER = Actor(staff_id=None, role="manager", name="店长")
SECRETS = ["欧阳娜娜", "欧阳娜", "13812345678", "138 1234 5678", "nana_oy", "Nana", "1991-02-03", "绿茶"]


@pytest.fixture
def nana(db):
    """A customer whose name, phone and WeChat are copied into every corner of the database."""
    friend = create_customer("张伟", "13900001111")
    info = create_customer(
        "欧阳娜", "13812345678", wechat="nana_oy", birthday=date(1991, 2, 3), tags=["vip"], notes="爱喝绿茶"
    )
    update_customer(info.id, name="欧阳娜娜", actor=MANAGER)  # the old name stays in the audit trail
    log_visit(info.id, 12800, note="欧阳娜娜 paid by card, call 138 1234 5678 when it arrives")
    log_visit(friend.id, 5000, note="brought by 欧阳娜娜 (WeChat Nana_OY)")
    task = tasks.create_task(info.id, "service", title="Call 欧阳娜娜 on 13812345678")
    tasks.complete_task(task.id, outcome="欧阳娜娜 happy, +86 138-1234-5678")
    friend_task = tasks.create_task(friend.id, "content", title="Ask 张伟 how 欧阳娜娜 liked it")
    customer_level.pin_level(info.id, "strong", "欧阳娜娜 is the owner's cousin", actor=MANAGER)
    # Words of their own in rows since deleted, and mentions in odd spellings.
    gone = log_visit(info.id, 0, kind="visit", note="绿茶 allergy, ask 欧阳娜娜").visit
    deleted = visits.delete_visit(gone.id, "typed for the wrong person", actor=MANAGER)
    customers.update_customer(
        friend.id,
        notes="姐姐 欧阳娜娜 １３８１２３４５６７８ or 138  1234  5678 or 138 1234 56 78",
        actor=MANAGER,
    )
    community_changes.create_community("欧阳娜娜 fan club", info.id, actor=MANAGER)
    return info, friend, friend_task, deleted


def _file_bytes() -> bytes:
    location = database.obj.shop_location
    database.obj.close()
    data = b"".join(path.read_bytes() for path in database_files(location) if path.exists())
    database.obj.connect()
    return data


def test_customer_data_holds_everything_about_them(nana, tmp_path):
    info, friend, _, _ = nana
    data = customer_data(info.id, actor=MANAGER)
    assert data["customer"]["name"] == "欧阳娜娜" and data["customer"]["phone"] == "+8613812345678"
    assert [v["amount"] for v in data["visits"]] == [128.0]
    assert data["tasks"][0]["outcome"].startswith("欧阳娜娜 happy")
    assert data["customer"]["pinned_level"] == "strong"
    assert [h["action"] for h in data["history"]][:2] == ["create", "update"]
    # Other people by code only.
    assert "张伟" not in json.dumps(customer_data(info.id, actor=None)["referrals"], ensure_ascii=False)
    out = write_customer_data(info.id, tmp_path / "nana.json", actor=MANAGER)
    assert json.loads(out.read_text(encoding="utf-8"))["customer"]["wechat"] == "nana_oy"
    out = write_customer_data(info.id, tmp_path / "nana.xlsx", actor=MANAGER, language="zh_CN")
    book = load_workbook(out)
    assert book.sheetnames == ["顾客资料", "到店记录", "社群", "跟进任务", "层级记录", "修改记录"]
    card = {row[0]: row[1] for row in book["顾客资料"].iter_rows(min_row=2, values_only=True)}
    assert card["姓名"] == "欧阳娜娜" and card["微信"] == "nana_oy"
    with pytest.raises(InvalidInput):
        write_customer_data(info.id, tmp_path / "nana.txt", actor=MANAGER)


def test_staff_may_not_take_one_customers_data_or_erase(nana, tmp_path):
    info, _, _, _ = nana
    with pytest.raises(NotAllowed):
        customer_data(info.id, actor=STAFF)
    with pytest.raises(NotAllowed):
        write_customer_data(info.id, tmp_path / "x.json", actor=STAFF)
    assert not (tmp_path / "x.json").exists()
    with pytest.raises(NotAllowed):
        erase_customer(info.id, actor=STAFF)
    assert get_customer(info.id).name == "欧阳娜娜"


def test_erase_leaves_no_copy_anywhere_and_keeps_the_figures(nana):
    info, friend, friend_task, deleted = nana
    visits_before = list(Visit.select(Visit.customer, Visit.day, Visit.amount).tuples())
    erase_customer(info.id, actor=MANAGER)
    # Figures stay: visits, amounts and dates.
    assert list(Visit.select(Visit.customer, Visit.day, Visit.amount).tuples()) == visits_before
    texts = [
        *(v.note for v in Visit.select()),
        *(f"{t.title} {t.outcome}" for t in Task.select()),
        *(f"{c.name} {c.notes} {c.pin_reason} {c.search_key}" for c in Customer.select()),
        *(lc.detail for lc in LevelChange.select()),
        *(f"{e.before} {e.after}" for e in AuditEntry.select()),
    ]
    texts += [c.name for c in Community.select()]
    joined = "\n".join(str(t) for t in texts)
    for secret in SECRETS:
        assert secret.lower() not in joined.lower(), secret
    # Mentions in other people's rows are cut out, the rest of the text stays.
    assert Task.get_by_id(friend_task.id).title == "Ask 张伟 how [erased] liked it"
    assert "56 78" not in get_customer(friend.id).notes
    assert get_customer(friend.id).name == "张伟"
    # A deleted visit of theirs comes back for the figures, without its words.
    restored = visits.restore_visit(deleted.audit_entry, actor=MANAGER).visit
    assert restored.note == "" and restored.amount == 0


def test_erase_leaves_no_bytes_in_the_database_file(nana):
    if not hasattr(database.obj, "shop_location") or database.obj.shop_location.startswith("postgres"):
        pytest.skip("the file's bytes are SQLite's")
    info, _, _, _ = nana
    before = _file_bytes()
    assert "欧阳娜娜".encode() in before and b"13812345678" in before
    erase_customer(info.id, actor=MANAGER)
    after = _file_bytes()
    for secret in SECRETS:
        assert secret.encode() not in after, secret


def test_the_command_line_writes_one_customers_data_and_erases_only_when_told(nana, tmp_path, capsys):
    info, _, _, _ = nana
    location = database.obj.shop_location
    out = tmp_path / "nana.json"
    assert cli(["--db", location, "customer-data", info.code, "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["customer"]["name"] == "欧阳娜娜"
    assert cli(["--db", location, "customer-data", "NOPE", "--out", str(out)]) == 2
    assert "NOPE" in capsys.readouterr().err
    assert cli(["--db", location, "erase", info.code]) == 2
    assert "--yes" in capsys.readouterr().err
    assert get_customer(info.id).name == "欧阳娜娜"
    assert cli(["--db", location, "erase", info.code, "--yes"]) == 0
    assert "erased" in capsys.readouterr().out.lower()
    assert get_customer(info.id).erased


def test_an_owner_who_forgot_the_pin_sets_a_new_one_on_the_command_line(db, capsys):
    from crm.services import staff

    owner = staff.create_staff("老板", "owner", pin="1234")
    staff.create_staff("小李", "staff", pin="5555")
    location = database.obj.shop_location
    assert cli(["--db", location, "reset-pin", "老板"]) == 2  # no terminal to ask in: say how
    assert "--pin" in capsys.readouterr().err
    assert cli(["--db", location, "reset-pin", "nobody", "--pin", "2468"]) == 2
    assert cli(["--db", location, "reset-pin", "老板", "--pin", "12"]) == 2
    assert cli(["--db", location, "reset-pin", "老板", "--pin", "2468"]) == 0
    assert staff.verify_pin(owner.id, "2468") and not staff.verify_pin(owner.id, "1234")


def test_erasing_a_short_name_keeps_the_longer_names_that_hold_it(db):
    liu = create_customer("刘艳", "13700001111")
    other = create_customer("刘艳佳", "13700002222")
    note = log_visit(other.id, 1000, note="刘艳佳 came with 刘艳").visit
    erase_customer(liu.id, actor=MANAGER)
    assert Visit.get_by_id(note.id).note == "刘艳佳 came with [erased]"
    assert get_customer(other.id).name == "刘艳佳"


def test_a_name_with_quotes_leaves_the_history_too(db):
    quinn = create_customer('Quinn "Q" Doe', "13700003333")
    other = create_customer("张伟", "13700004444")
    customers.update_customer(other.id, notes='met Quinn "Q" Doe and a friend', actor=MANAGER)
    erase_customer(quinn.id, actor=MANAGER)
    history = " ".join(f"{e.before} {e.after}" for e in AuditEntry.select())
    assert "Quinn" not in history and "Quinn" not in get_customer(other.id).notes


def test_an_erase_while_another_program_reads_says_so_and_a_second_erase_finishes(nana):
    import sqlite3

    if database.obj.shop_location.startswith("postgres"):
        pytest.skip("the file's bytes are SQLite's")
    from crm.services.privacy import old_pages_left

    info, _, _, _ = nana
    reader = sqlite3.connect(database.obj.shop_location)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM customer").fetchone()  # holds its snapshot
    erase_customer(info.id, actor=MANAGER)
    assert old_pages_left(wait=0)  # the old text is still in the file: said, not hidden
    reader.close()
    erase_customer(info.id, actor=MANAGER)  # again, once the other program is gone
    assert not old_pages_left(wait=0)
    after = _file_bytes()
    for secret in SECRETS:
        assert secret.encode() not in after, secret
