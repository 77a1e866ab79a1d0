"""The customers import checks its rows in the database (crm.io.importer.staging) instead of
holding an object per row: on any small file (duplicate codes and phones, customers named by
code, phone or name, referrers up and down the file and the shop, self-referrals, loops,
erased customers, joined dates after a first visit, bad cells) it gives exactly what the
import that held every row in Python gave (tests/unit/import_reference.py): the same errors
in the same order, the same customers with the same ids and codes, the same audit trail,
levels and search index, whether bad rows are skipped or not."""

from __future__ import annotations

import csv
from datetime import date

import peewee
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.db import database
from crm.io import importer
from crm.io.importer import customer_checks, staging
from crm.models import AuditEntry, Customer, LevelChange, Visit
from tests.factories import customer, visit
from tests.unit import import_reference

HEADER = ["code", "name", "phone", "referrer", "joined", "tags", "notes"]
CODES = ["", "", "A1", "A2", "A3", "S0", "S1", "S2"]
NAMES = ["", "甲", "乙", "丙", "王丽", "老顾客"]
PHONES = ["", "", "13800000000", "13800000001", "13800000002", "13800000009"]
REFERRERS = ["", "", "A1", "A2", "A3", "S0", "S1", "S2", "13800000001", "13800000002", "甲", "王丽", "nobody"]
JOINED = ["", "", "2026-01-01", "2020-05-05", "2026-02-30"]
TAGS = ["", "VIP", "VIP，新"]
NOTES = ["", "茶"]

file_rows = st.lists(
    st.tuples(*(st.sampled_from(pool) for pool in (CODES, NAMES, PHONES, REFERRERS, JOINED, TAGS, NOTES))),
    min_size=1,
    max_size=9,
)
shop_customers = st.lists(
    st.tuples(
        st.sampled_from(["王丽", "甲", "老顾客", "丁"]),  # name
        st.booleans(),  # has a phone
        st.integers(-1, 4),  # referrer: an earlier one, or none
        st.integers(0, 9),  # 0: erased
        st.booleans(),  # has a visit in 2025
    ),
    max_size=4,
)


def build_shop(shop: list[tuple]) -> None:
    made: list[Customer] = []
    for i, (name, has_phone, referrer, erased, visited) in enumerate(shop):
        c = customer(
            name,
            code=f"S{i}",
            phone=f"+8613800000{i:03d}"[:14] if has_phone else None,
            referrer=made[referrer] if 0 <= referrer < i else None,
            erased=erased == 0,
            tags=",老客," if i % 2 else "",
        )
        if visited:
            visit(c, date(2025, 6, 1))
        made.append(c)


def reset_ids() -> None:
    """PostgreSQL hands out ids a rolled-back transaction took; both imports start alike."""
    if isinstance(database.obj, peewee.PostgresqlDatabase):
        for table in ("customer", "audit_entry", "level_change", "visit"):
            database.execute_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )


def shop_state() -> dict:
    state = {
        "customers": list(
            Customer.select(
                Customer.id,
                Customer.code,
                Customer.name,
                Customer.phone,
                Customer.wechat,
                Customer.birthday,
                Customer.joined,
                Customer.source,
                Customer.referrer,
                Customer.tags,
                Customer.notes,
                Customer.search_key,
                Customer.level,
                Customer.erased,
                Customer.created_at,
                Customer.updated_at,
            )
            .order_by(Customer.id)
            .tuples()
        ),  # fmt: skip
        "audit": list(
            AuditEntry.select(
                AuditEntry.id,
                AuditEntry.staff,
                AuditEntry.entity,
                AuditEntry.entity_id,
                AuditEntry.action,
                AuditEntry.before,
                AuditEntry.after,
            )
            .order_by(AuditEntry.id)
            .tuples()
        ),  # fmt: skip
        "levels": list(
            LevelChange.select(LevelChange.customer, LevelChange.from_level, LevelChange.to_level)
            .order_by(LevelChange.id)
            .tuples()
        ),
    }
    if isinstance(database.obj, peewee.SqliteDatabase):
        state["search"] = database.execute_sql(
            "SELECT term, doc, cnt FROM customer_fts_terms ORDER BY term"
        ).fetchall()
    return state


def outcome(importing, path, **options) -> tuple:
    """What an import gives and leaves, the shop put back after it."""
    reset_ids()
    with database.atomic() as transaction:
        result = importing(path, **options)
        state = shop_state()
        transaction.rollback()
    said = (
        result.rows, result.created, result.updated, result.unchanged, result.invalid_rows,
        result.imported, [(e.row, e.column, e.value, e.template, e.args) for e in result.errors],
    )  # fmt: skip
    return said, state


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(shop=shop_customers, rows=file_rows, skip_invalid=st.booleans())
@pytest.mark.parametrize("first_visits_at_once", [True, False])
def test_the_staged_import_gives_what_the_import_of_row_objects_gave(
    db, tmp_path, monkeypatch, first_visits_at_once, shop, rows, skip_invalid
):
    # Every first visit read at once (a file of most of the shop), or each matched customer's.
    monkeypatch.setattr(customer_checks, "WHOLE_SHOP_FROM", 0.0 if first_visits_at_once else float("inf"))
    for model in (Visit, LevelChange, AuditEntry):
        model.delete().execute()
    Customer.update(referrer=None).execute()
    Customer.delete().execute()
    build_shop(shop)
    path = write_csv(tmp_path / "c.csv", rows)
    expected = outcome(import_reference.import_customers, path, skip_invalid=skip_invalid)
    assert outcome(importer.import_customers, path, skip_invalid=skip_invalid) == expected


@pytest.mark.parametrize(
    "rows",
    [
        # A chain of new customers, then a loop among them and rows hanging under it.
        [[f"A{i}", f"甲{i}", f"A{i - 1}" if i else ""] for i in range(6)]
        + [
            ["B1", "乙", "B3"],
            ["B2", "丙", "B1"],
            ["B3", "丁", "B2"],
            ["B4", "戊", "B3"],
            ["B5", "己", "B4"],
        ],
        # The shop's customers given referrers in the file that close loops through it.
        [["S1", "", "B1"], ["B1", "乙", "S3"], ["S2", "", "S4"], ["S4", "", "S2"], ["B2", "丙", "S4"]],
        # A self-referral, and a row naming that row as its referrer.
        [["B1", "乙", "B1"], ["B2", "丙", "B1"], ["B3", "丁", "B2"], ["", "戊", "B3"]],
    ],
)
@pytest.mark.parametrize("skip_invalid", [False, True])
def test_loops_through_the_file_and_the_shop_are_refused_as_before(db, tmp_path, rows, skip_invalid):
    made: list[Customer] = []
    for i in range(5):
        made.append(customer(f"老{i}", code=f"S{i}", referrer=made[i - 1] if i else None))
    path = tmp_path / "c.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["code", "name", "referrer"], *rows])
    expected = outcome(import_reference.import_customers, path, skip_invalid=skip_invalid)
    assert expected[0][-1], "each file has a loop or a bad referrer"
    assert outcome(importer.import_customers, path, skip_invalid=skip_invalid) == expected


def temporary_tables() -> set[str]:
    if isinstance(database.obj, peewee.PostgresqlDatabase):
        query = "SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema() AND relkind = 'r'"
    else:
        query = "SELECT name FROM sqlite_temp_master WHERE type = 'table'"
    return {name for (name,) in database.execute_sql(query)}


def test_an_import_leaves_no_table_of_its_rows_behind_whatever_way_it_ends(db, tmp_path):
    good = write_csv(tmp_path / "good.csv", [["A1", "甲", "", "", "", "", ""]])
    bad = write_csv(tmp_path / "bad.csv", [["A1", "甲", "", "nobody", "", "", ""]])
    importer.import_customers(good)
    importer.import_customers(bad)
    importer.import_customers(good, dry_run=True)
    with pytest.raises(importer.ImportCancelled):
        importer.import_customers(good, cancelled=lambda: True)
    assert not {name for name in temporary_tables() if name.startswith("import_c_")}
    assert set(staging.TABLES) >= {"import_c_row", "import_c_bad"}
    if isinstance(database.obj, peewee.SqliteDatabase):
        # Its tables went to a file; the connection's own setting is back.
        assert database.execute_sql("PRAGMA temp_store").fetchone()[0] == 2


def test_backslashes_tabs_and_empty_cells_are_stored_as_written(db, tmp_path):
    # PostgreSQL stages rows by COPY, whose text marks an empty cell with a backslash of its own.
    notes = ["C:\\shop\\客户.xlsx", "一\t二", "\\N", ""]
    rows = [[f"A{i}", f"甲{i}", "", "", "", "", note] for i, note in enumerate(notes)]
    result = importer.import_customers(write_csv(tmp_path / "c.csv", rows))
    assert result.created == len(notes), result.errors
    stored = {c.code: (c.notes, c.wechat, c.birthday) for c in Customer.select()}
    assert stored == {f"A{i}": (note, None, None) for i, note in enumerate(notes)}
