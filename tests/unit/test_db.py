"""The database handle: pragmas, migrations, fresh-equals-upgraded, clear errors."""

import sqlite3

import peewee
import pytest

from crm.db import _runner, close_database, database, make_database, open_database, schema_version
from crm.errors import DatabaseUnavailable
from crm.models import SEARCH_FIELD_INDEXES, SEARCH_RECENT


def _schema(db):
    return db.execute_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()


def test_sqlite_pragmas(tmp_path):
    db = open_database(str(tmp_path / "a.db"))
    try:
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert db.execute_sql("PRAGMA secure_delete").fetchone()[0] == 1
    finally:
        close_database()


def test_every_connection_of_an_existing_shop_overwrites_what_is_deleted(tmp_path):
    """secure_delete is a setting of each connection, not of the file: a shop made before it
    was set, and a worker thread's own connection, get it too, so erased text is gone from
    the file rather than left in free space (SPEC 8)."""
    import threading

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:  # a shop file written without secure_delete
        old.execute("PRAGMA secure_delete = 0")
    db = open_database(str(path))
    try:
        seen = []
        worker = threading.Thread(
            target=lambda: seen.append(db.execute_sql("PRAGMA secure_delete").fetchone())
        )
        worker.start()
        worker.join()
        assert seen == [(1,)] and db.execute_sql("PRAGMA secure_delete").fetchone()[0] == 1
        secret = "秘密-13812345678-" * 20
        db.execute_sql("CREATE TABLE scratch (note TEXT)")
        db.execute_sql("INSERT INTO scratch VALUES (?)", (secret,))
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        assert secret.encode() in path.read_bytes()
        with db.atomic():
            db.execute_sql("DELETE FROM scratch")
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        close_database()
    assert "秘密".encode() not in path.read_bytes()


def test_a_full_disk_is_the_apps_own_error(tmp_path):
    from crm.errors import DiskFull
    from crm.models import Customer
    from crm.services.customers import create_customer

    db = open_database(str(tmp_path / "full.db"))
    try:
        pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
        db.execute_sql(f"PRAGMA max_page_count = {pages + 1}")  # the file cannot grow: as on a full disk
        with pytest.raises(DiskFull, match="the disk is full"):
            for n in range(200):
                create_customer(f"顾客{n}", notes="x" * 3000)
        assert Customer.select().count() < 200
    finally:
        close_database()


def test_upgraded_database_equals_a_fresh_one(tmp_path):
    fresh = open_database(str(tmp_path / "fresh.db"))
    fresh_schema = _schema(fresh)
    close_database()
    # An old shop: only the first migration, with data in it.
    old = make_database(str(tmp_path / "old.db"))
    old.connect()
    runner = _runner(old)
    runner.up(target="0001_initial")
    old.execute_sql(
        "INSERT INTO customer (code, name, joined, source, tags, notes, big_c_flag, archived,"
        " erased, level, search_key, created_at, updated_at)"
        " VALUES ('C1', '王丽', '2024-01-01', 'walk_in', '', '', 0, 0, 0, 0, '', '2024-01-01',"
        " '2024-01-01')"
    )
    old.close()
    upgraded = open_database(str(tmp_path / "old.db"))
    try:
        assert _schema(upgraded) == fresh_schema
        assert schema_version(upgraded) == schema_version(make_database(str(tmp_path / "fresh.db")))
        assert upgraded.execute_sql("SELECT name FROM customer").fetchone()[0] == "王丽"
    finally:
        close_database()
    backups = list(tmp_path.glob("old.db.before-0002*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT COUNT(*) FROM customer").fetchone()[0] == 1


def test_models_match_the_migrated_schema(tmp_path):
    from playhouse.schema_diff import diff_models

    from crm.models import ALL_MODELS

    db = make_database(str(tmp_path / "m.db"))
    db.connect()
    with db.atomic():
        _runner(db).up()
    with db.bind_ctx(ALL_MODELS):
        diff = diff_models(db, ALL_MODELS)
    # The search indexes on fields of the key and in the counter order are SQLite SQL the models
    # cannot declare (expressions), and the list's indexes are SQL of each engine
    # (crm.db.create_list_indexes: where NULL goes, a partial index, a collation).
    sqlite_only = {
        *SEARCH_FIELD_INDEXES.values(),
        SEARCH_RECENT,
        "customer_last_purchase",
        "customer_big_c",
        "customer_name_order",
    }
    assert {index.name for index in diff.drop_indexes} == sqlite_only
    assert not diff._replace(drop_indexes=[]), str(diff)


def test_an_upgraded_shop_is_searched_through_its_new_indexes(tmp_path):
    from crm.pinyin import search_key
    from crm.services import search as search_module
    from crm.services import search_sqlite

    old = make_database(str(tmp_path / "old.db"))
    old.connect()
    _runner(old).up(target="0004_customer_stats")
    for i, (name, phone) in enumerate(
        [("王丽", "+8613812345678"), ("汪立", "+8613912345678"), ("张伟", None)]
    ):
        old.execute_sql(
            "INSERT INTO customer (code, name, phone, joined, source, tags, notes, big_c_flag, archived,"
            " erased, level, search_key, created_at, updated_at, purchase_days, spend_365)"
            " VALUES (?, ?, ?, '2024-01-01', 'walk_in', '', '', 0, 0, 0, 0, ?, '2024-01-01', '2024-01-01',"
            " 0, 0)",
            (f"C{i}", name, phone, search_key(name, phone, f"C{i}", None)),
        )
    old.close()
    upgraded = open_database(str(tmp_path / "old.db"))
    try:
        assert search_sqlite.indexes() == search_sqlite.Indexes(
            frozenset({"name", "pinyin", "initials"}), trigram=True
        )
        rows = upgraded.execute_sql("SELECT rowid FROM customer_fts WHERE customer_fts MATCH '\"3812\"'")
        assert [row[0] for row in rows] == [1]
        assert [h.name for h in search_module.search("wl")] == ["汪立", "王丽"]
        assert [h.name for h in search_module.search("5678")] == ["汪立", "王丽"]
        assert [h.name for h in search_module.search("伟")] == ["张伟"]
    finally:
        close_database()


def test_garbage_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DatabaseUnavailable) as err:
        open_database(str(bad))
    assert "not a ShopCircle database" in str(err.value)


def test_unwritable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailable):
        open_database(str(blocker / "sub" / "shop.db"))


def test_opening_a_missing_file_without_create_leaves_nothing_behind(tmp_path):
    missing = tmp_path / "typo.db"
    with pytest.raises(DatabaseUnavailable):
        open_database(str(missing), create=False)
    assert not missing.exists()


def test_lean_reading_uses_little_memory_and_restores_the_settings(db):
    from crm.bulk_reads import lean_reading

    def pragma(name):
        return db.execute_sql(f"PRAGMA {name}").fetchone()[0]

    if not isinstance(db, peewee.SqliteDatabase):
        with lean_reading():  # nothing to tune on a server
            assert db.execute_sql("SELECT 1").fetchone()[0] == 1
        return
    before = (pragma("cache_size"), pragma("temp_store"))
    with lean_reading():
        assert (pragma("cache_size"), pragma("temp_store")) == (-4096, 1)
    assert (pragma("cache_size"), pragma("temp_store")) == before == (-16384, 2)
    with pytest.raises(ZeroDivisionError), lean_reading():
        raise ZeroDivisionError
    assert (pragma("cache_size"), pragma("temp_store")) == before


def test_a_stream_gives_every_row_in_order_and_is_planned_for_all_of_them(db):
    from crm.db import stream_rows

    numbers = "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5"
    rows = stream_rows(f"SELECT * FROM ({numbers}) n ORDER BY 1", batch=2)
    assert [row[0] for row in rows] == [1, 2, 3, 4, 5]
    if not isinstance(db, peewee.PostgresqlDatabase):
        return
    # A server-side cursor is planned for its first rows unless told it will be read whole.
    inside = list(stream_rows("SELECT current_setting('cursor_tuple_fraction')"))
    assert float(inside[0][0]) == 1.0
    after = db.execute_sql("SELECT current_setting('cursor_tuple_fraction')").fetchone()[0]
    assert float(after) == 0.1  # the server's own default again for everything else


@pytest.mark.parametrize(
    "driver_text, reason",
    [
        ('connection to server at "localhost", port 5432 failed: FATAL:  password authentication failed',
         "refused the user name or password"),
        ('connection to server at "127.0.0.1", port 1 failed: Connection refused', "not answering"),
        ('connection to server failed: FATAL:  database "shopx" does not exist', "no database of that name"),
        ("attempt to write a readonly database", "read-only"),
    ],
)  # fmt: skip
def test_driver_errors_become_plain_reasons(driver_text, reason):
    from crm.db import friendly_reason

    assert reason in friendly_reason(Exception(driver_text))


def test_a_folder_is_not_a_database(tmp_path):
    from crm.errors import DatabaseUnavailable

    with pytest.raises(DatabaseUnavailable, match="that is a folder"):
        open_database(str(tmp_path))


def test_the_super_strong_referral_rule_keeps_the_owners_number_under_its_new_name(tmp_path):
    """0007: the rule counts active referrals (SPEC 2.3), and its setting is renamed so."""
    import json

    from crm.services import level_facts

    old = make_database(str(tmp_path / "old.db"))
    old.connect()
    _runner(old).up(target="0006_pin_throttle")
    old.execute_sql(
        "INSERT INTO setting (key, value) VALUES ('level.super_converted_referrals', ?)", (json.dumps(5),)
    )
    old.close()
    open_database(str(tmp_path / "old.db"))
    try:
        assert level_facts.rules().super_active_referrals == 5
        keys = {row[0] for row in database.execute_sql("SELECT key FROM setting").fetchall()}
        assert "level.super_converted_referrals" not in keys
    finally:
        close_database()
