"""Backups, restores and the database check: consistent copies, refused restores that
change nothing, older backups brought up to date, and each broken rule found."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import peewee
import pytest

from crm.cli import main as cli
from crm.db import _runner, database, make_database
from crm.models import Customer, Visit
from crm.services import backup, search
from crm.services.customers import create_customer
from crm.services.health import Finding
from tests.factories import customer, visit


def codes():
    return sorted(c.code for c in Customer.select())


def test_a_backup_is_a_whole_checked_copy_in_the_backups_folder(file_shop, tmp_path):
    path = backup.backup(actor=None)
    assert path.parent == tmp_path / "backups" and path.name.startswith("shop-")  # named after shop.db
    info = backup.inspect(path)
    assert (info.customers, info.visits, info.last_visit) == (1, 1, "2026-06-01")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    assert not list(path.parent.glob(".*.part"))


def test_a_backup_taken_while_a_reader_holds_the_database_is_consistent(file_shop, tmp_path):
    reader = sqlite3.connect(database.shop_location)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM customer").fetchone()
    customer("张伟", code="A2")  # written while the reader's snapshot is open
    path = backup.backup(tmp_path / "copy.db", actor=None)
    reader.rollback()
    reader.close()
    assert backup.inspect(path).customers == 2


@pytest.mark.parametrize(
    "out, reason",
    [("missing/copy.db", "does not exist"), ("shop.db", "the shop's database itself")],
)
def test_backups_to_bad_places_are_refused_clearly(file_shop, tmp_path, out, reason):
    with pytest.raises(backup.BackupFailed, match=reason):
        backup.backup(tmp_path / out, actor=None)


def test_restore_brings_the_backup_back_and_keeps_the_data_before_it(file_shop, tmp_path):
    path = backup.backup(tmp_path / "copy.db", actor=None)
    create_customer("张伟", "13912345678", code="A2")
    assert [c.name for c in search.search("zw")] == ["张伟"]
    before = backup.restore(path, actor=None)
    assert codes() == ["A1"]
    assert backup.inspect(before).customers == 2 and before.parent == tmp_path / "backups"
    assert [c.name for c in search.search("wl")] == ["王丽"]  # the search index came back too
    assert search.search("zw") == []
    assert backup.check(actor=None).ok


def _damaged(tmp_path, source):
    target = tmp_path / "damaged.db"
    data = bytearray(source.read_bytes())
    for offset in range(4096 * 2, len(data), 4096 * 3):  # scribble over pages, keep the header
        data[offset : offset + 512] = b"\xde\xad" * 256
    target.write_bytes(bytes(data))
    return target


def test_restores_of_wrong_damaged_or_newer_files_change_nothing(file_shop, tmp_path):
    not_ours = tmp_path / "other.db"
    with sqlite3.connect(not_ours) as conn:
        conn.execute("CREATE TABLE notes (x)")
    newer = backup.backup(tmp_path / "newer.db", actor=None)
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_migration (name, applied) VALUES ('9999_future', '2030-01-01')")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    lookalike = tmp_path / "lookalike.db"  # our table names and migrations, other columns
    with sqlite3.connect(lookalike) as conn:
        conn.executescript(
            "CREATE TABLE customer (id INTEGER PRIMARY KEY, name); CREATE TABLE visit (id, day);"
            " CREATE TABLE setting (key, value);"
            " CREATE TABLE schema_migration (id INTEGER PRIMARY KEY, name);"
        )
        for name in backup.inspect(backup.backup(tmp_path / "real.db", actor=None)).migrations:
            conn.execute("INSERT INTO schema_migration (name) VALUES (?)", (name,))
    customer("张伟", code="A2")
    for path, reason in (
        (not_ours, "not a ShopCircle database"),
        (newer, "newer version of ShopCircle"),
        (text, "not a ShopCircle database"),
        (lookalike, "not a ShopCircle database"),
        (_damaged(tmp_path, backup.backup(tmp_path / "good.db", actor=None)), "damaged"),
        (tmp_path / "missing.db", "no such file"),
    ):
        with pytest.raises(backup.BackupFailed, match=reason):
            backup.restore(path, actor=None)
        assert codes() == ["A1", "A2"]
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").glob("*before-restore*"))


def test_an_older_backup_is_brought_up_to_date(file_shop, tmp_path):
    old = make_database(str(tmp_path / "old.db"))
    old.connect()
    _runner(old).up(target="0001_initial")
    old.execute_sql(
        "INSERT INTO customer (code, name, joined, source, tags, notes, big_c_flag, archived,"
        " erased, level, search_key, created_at, updated_at)"
        " VALUES ('OLD1', '李娜', '2024-01-01', 'walk_in', '', '', 0, 0, 0, 0, '',"
        " '2024-01-01', '2024-01-01')"
    )
    old.close()
    backup.restore(tmp_path / "old.db", actor=None)
    assert codes() == ["OLD1"]
    assert backup.check(actor=None).ok


def test_the_check_finds_each_broken_rule(file_shop):
    assert backup.check(actor=None).ok
    a = customer("甲", code="L1", joined=date(2026, 7, 1))  # joined after the visit below
    b = customer("乙", code="L2", referrer=a)
    visit(a, date(2026, 6, 2), 500)
    Customer.update(referrer=b).where(Customer.id == a.id).execute()  # a loop, written around the service
    Visit.insert(
        customer=a, at=datetime(2026, 6, 3), day=date(2026, 6, 3), kind="refund", amount=300
    ).execute()
    database.execute_sql('DROP TRIGGER "customer_fts_insert"')
    customer("丙", code="L3")  # not in the search index
    result = backup.check(actor=None)
    assert result.problems == [
        "customers in a referral loop: 2 (e.g. #2)",
        "customers who joined after their first visit: 1",
        "visits whose amount does not fit their kind: 1",
        "customers in the search index: 3, in the shop: 4",
    ]


def test_automatic_backups_once_a_day_keeping_the_newest_seven(file_shop, tmp_path):
    made = [backup.automatic_backup(datetime(2026, 6, day, 9)) for day in range(1, 11)]
    assert all(made)
    assert backup.automatic_backup(datetime(2026, 6, 10, 18)) is None  # already one today
    kept = sorted(p.name for p in (tmp_path / "backups").glob("shop-auto-*.db"))
    assert kept == [f"shop-auto-202606{day:02d}-090000.db" for day in range(4, 11)]


def test_two_shops_in_one_folder_each_get_their_own_daily_copy(file_shop, tmp_path):
    from crm.db import close_database, open_database

    location = database.shop_location
    ours = backup.automatic_backup(datetime(2026, 6, 10, 9))
    close_database()
    open_database(str(tmp_path / "shopcircle-demo.db"))  # a demo kept beside the real shop
    customer("演示", code="D1")
    theirs = backup.automatic_backup(datetime(2026, 6, 10, 10))
    assert theirs is not None and theirs.name.startswith("shopcircle-demo-auto-")
    assert backup.inspect(theirs).customers == 1
    close_database()
    open_database(location)
    assert backup.automatic_backup(datetime(2026, 6, 10, 18)) is None  # ours is still today's
    assert backup.inspect(ours).customers == 1 and codes() == ["A1"]


def test_the_command_line_backs_up_restores_and_checks(file_shop, tmp_path, capsys):
    location = database.shop_location
    out = tmp_path / "copy.db"
    assert cli(["--db", location, "backup", "--out", str(out)]) == 0
    assert f"Backed up to {out}" in capsys.readouterr().out
    assert cli(["--db", location, "check"]) == 0
    assert "No problems found." in capsys.readouterr().out
    assert cli(["--db", location, "restore", str(tmp_path / "nope.db")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert cli(["--db", location, "restore", str(out)]) == 0
    assert "Restored copy.db: 1 customer, 1 visit (the last on 2026-06-01)" in capsys.readouterr().out


def test_restore_onto_a_new_computer_creates_the_shop_from_the_backup(file_shop, tmp_path, capsys):
    location = database.shop_location
    out = tmp_path / "usb" / "copy.db"
    out.parent.mkdir()
    assert cli(["--db", location, "backup", "--out", str(out)]) == 0
    new = tmp_path / "new computer" / "data" / "shop.db"
    assert cli(["--db", str(new), "restore", str(out)]) == 0
    said = capsys.readouterr().out
    assert f"Created {new}" in said and "Restored copy.db: 1 customer, 1 visit" in said
    assert "kept in" not in said  # nothing was there to keep
    assert database.shop_location == str(new)
    assert codes() == ["A1"] and [c.name for c in search.search("wl")] == ["王丽"]
    assert backup.check(actor=None).ok
    with sqlite3.connect(new) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # a live shop again
    assert not list(new.parent.glob(".*.part")) and not (new.parent / "backups").exists()


def test_restore_onto_a_new_path_refuses_bad_backups_and_leaves_nothing(file_shop, tmp_path, capsys):
    not_ours = tmp_path / "notes.db"
    with sqlite3.connect(not_ours) as conn:
        conn.execute("CREATE TABLE notes (x)")
    new = tmp_path / "new" / "shop.db"
    for path, reason in ((not_ours, "not a ShopCircle database"), (tmp_path / "missing.db", "no such file")):
        assert cli(["--db", str(new), "restore", str(path)]) == 2
        assert reason in capsys.readouterr().err
        assert not new.exists()
    good = backup.backup(tmp_path / "good.db", actor=None)
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"")
    with pytest.raises(backup.BackupFailed, match="already there"):
        backup.restore_new(good, str(taken), actor=None)


def test_restore_into_an_empty_shop_keeps_no_copy_of_nothing(file_shop, tmp_path):
    from crm.db import close_database, open_database

    copy = backup.backup(tmp_path / "copy.db", actor=None)
    location = database.shop_location
    close_database()
    empty = tmp_path / "empty" / "shop.db"
    open_database(str(empty))
    assert backup.restore(copy, actor=None) is None
    assert codes() == ["A1"] and not (empty.parent / "backups").exists()
    close_database()
    open_database(location)


def test_a_server_shop_is_checked_but_backed_up_on_the_server(db):
    if isinstance(db, peewee.SqliteDatabase):
        pytest.skip("only on PostgreSQL")
    with pytest.raises(backup.BackupFailed, match="pg_dump"):
        backup.backup(actor=None)
    assert backup.check(actor=None).ok


def test_a_restore_gives_up_clearly_while_a_counter_holds_the_database(file_shop, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "BUSY_SECONDS", 1)
    copy = backup.backup(tmp_path / "copy.db", actor=None)
    writer = sqlite3.connect(database.shop_location, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a counter in the middle of saving, for ever
    try:
        with pytest.raises(backup.BackupFailed, match="busy"):
            backup.restore(copy, actor=None)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert codes() == ["A1"]


def test_folders_with_hash_or_question_marks_in_their_names(file_shop, tmp_path):
    folder = tmp_path / "Shop #1 what?"
    folder.mkdir()
    copy = backup.backup(folder / "copy.db", actor=None)
    assert backup.inspect(copy).customers == 1 and not (tmp_path / "Shop ").exists()
    create_customer("张伟", "13912345678", code="A2")
    backup.restore(copy, actor=None)
    assert codes() == ["A1"]


def test_a_backup_with_another_page_size_is_refused_clearly(file_shop, tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(backup.backup(tmp_path / "copy.db", actor=None)) as conn:
        conn.execute("PRAGMA page_size = 8192")
        conn.execute("VACUUM")
        conn.execute(f"VACUUM INTO '{other}'")
    with pytest.raises(backup.BackupFailed, match="another page size"):
        backup.restore(other, actor=None)
    assert codes() == ["A1"]


def test_repair_puts_right_what_it_can_and_leaves_the_rest_reported(file_shop, capsys):
    a = create_customer("甲", "13700000001", code="L1", joined=date(2026, 6, 20))
    visit(Customer.get_by_id(a.id), date(2026, 6, 2), 500)  # joined after the first visit
    Visit.insert(
        customer=a.id, at=datetime(2026, 6, 3), day=date(2026, 6, 3), kind="refund", amount=300
    ).execute()
    database.execute_sql('DROP TRIGGER "customer_fts_insert"')
    create_customer("丙丙", "13700000002", code="L3")  # not in the search index
    database.execute_sql(
        'CREATE TRIGGER "customer_fts_insert" AFTER INSERT ON "customer" BEGIN'
        " INSERT INTO customer_fts (rowid, search_key) VALUES (new.id, new.search_key || char(7)); END"
    )
    before = backup.check(actor=None)
    assert [f.repairable for f in before.findings] == [True, False, True]
    fts = "SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"bingbing\"'"
    assert database.execute_sql(fts).fetchall() == []
    assert cli(["--db", database.shop_location, "check", "--repair"]) == 2  # the refund cannot be repaired
    out = capsys.readouterr().out
    assert "repaired: 1 joined dates moved back to the first visit" in out
    assert "repaired: the search index was written again" in out
    assert backup.check(actor=None).problems == ["visits whose amount does not fit their kind: 1"]
    assert Customer.get_by_id(a.id).joined == date(2026, 6, 2)
    assert database.execute_sql(fts).fetchall() == [(Customer.get(Customer.code == "L3").id,)]


def test_each_role_does_what_the_matrix_allows(file_shop, tmp_path):
    """SPEC 8: back up and check: managers and owners; restore and repair: owners only."""
    from crm.errors import NotAllowed
    from crm.services import staff as staff_service
    from crm.services.common import Actor

    owner = staff_service.actor_for(staff_service.create_staff("老板", "owner").id)
    manager, clerk = Actor(None, "manager"), Actor(None, "staff")
    copy = backup.backup(tmp_path / "copy.db", actor=manager)
    assert backup.check(actor=manager).ok
    for refused in (
        lambda: backup.backup(tmp_path / "clerk.db", actor=clerk),
        lambda: backup.check(actor=clerk),
        lambda: backup.restore(copy, actor=clerk),
        lambda: backup.restore(copy, actor=manager),
        lambda: backup.restore_new(copy, str(tmp_path / "new" / "shop.db"), actor=manager),
        lambda: backup.repair(actor=clerk),
        lambda: backup.repair(actor=manager),
    ):
        with pytest.raises(NotAllowed):
            refused()
    assert not (tmp_path / "clerk.db").exists() and not (tmp_path / "new").exists()
    assert not (tmp_path / "backups").exists()  # no restore got as far as saving the data aside
    assert backup.repair(actor=owner) == [Finding("the search index was written again")]
    assert backup.restore(copy, actor=owner) is not None and codes() == ["A1"]


def test_the_service_functions_need_to_be_told_who_acts(file_shop, tmp_path):
    for call in (
        lambda: backup.backup(tmp_path / "copy.db"),
        lambda: backup.check(),
        lambda: backup.repair(),
        lambda: backup.restore(tmp_path / "copy.db"),
        lambda: backup.restore_new(tmp_path / "copy.db", str(tmp_path / "new.db")),
    ):
        with pytest.raises(TypeError, match="actor"):
            call()


def test_a_restore_reads_the_backup_file_alone_never_a_log_beside_it(file_shop, tmp_path):
    """What is checked is what is restored: a -wal left beside a backup (here one that breaks
    the schema) is not applied by the copy."""
    import shutil

    good = backup.backup(tmp_path / "good.db", actor=None)
    work = tmp_path / "work.db"
    shutil.copy(good, work)
    conn = sqlite3.connect(work)
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("DROP TABLE visit")
    conn.execute("CREATE TABLE visit (x)")
    conn.commit()
    evil = tmp_path / "evil.db"
    shutil.copy(work, evil)
    shutil.copy(f"{work}-wal", f"{evil}-wal")
    conn.close()
    customer("张伟", code="A2")
    backup.restore(evil, actor=None)
    assert codes() == ["A1"] and Visit.select().count() == 1
