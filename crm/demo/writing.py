"""Writing the demo shop: plain tuples with ``executemany`` in the caller's transaction,
the visit indexes built once after the rows are in (SQLite)."""

from __future__ import annotations

import json
from contextlib import contextmanager

import peewee

from crm import models
from crm.demo.communities import COMMUNITY_COLUMNS, MEMBERSHIP_COLUMNS, TASK_COLUMNS
from crm.demo.people import CUSTOMER_COLUMNS
from crm.demo.purchases import VISIT_COLUMNS
from crm.demo.shop import Progress, Shop

SHOP_NAME = "店圈演示店"
BATCH_ROWS = 50_000


def _insert(db, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """``executemany`` of plain tuples; columns the demo leaves out get their model default."""
    defaults = [
        (field.column_name, field.default)
        for field in model._meta.sorted_fields
        if field.column_name not in columns and field.default is not None and not callable(field.default)
    ]
    if defaults:
        columns = (*columns, *(name for name, _ in defaults))
        constant = tuple(value for _, value in defaults)
        rows = [row + constant for row in rows]
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join([db.param] * len(columns))
    sql = f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})'
    cursor = db.cursor()
    for start in range(0, len(rows), BATCH_ROWS):
        cursor.executemany(sql, rows[start : start + BATCH_ROWS])


@contextmanager
def _indexes_deferred(db, table: str):
    """On SQLite, drop ``table``'s plain indexes while rows go in and build them after.

    Building an index once from a full table is several times faster than
    keeping it up to date through a million out-of-order inserts.
    """
    if not isinstance(db, peewee.SqliteDatabase):
        yield
        return
    rows = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).fetchall()
    plain = [(name, sql) for name, sql in rows if not sql.upper().startswith("CREATE UNIQUE")]
    for name, _sql in plain:
        db.execute_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in plain:
        db.execute_sql(sql)


def _reset_sequences(db, tables: tuple[str, ...]) -> None:
    """Rows went in with explicit ids; on PostgreSQL move each id sequence past them."""
    if not isinstance(db, peewee.PostgresqlDatabase):
        return
    for table in tables:
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
        )


def write(shop: Shop, db, report: Progress) -> None:
    """All rows, in one transaction the caller holds."""
    _insert(db, models.Staff, ("id", "name", "role", "pin_hash", "active", "created_at"), shop.staff_rows)
    _insert(db, models.Customer, CUSTOMER_COLUMNS, [tuple(row) for row in shop.customer_rows])
    report(0.58, "writing visits")
    rows, step = shop.visit_rows, 200_000
    with _indexes_deferred(db, "visit"):
        for start in range(0, len(rows), step):
            _insert(db, models.Visit, VISIT_COLUMNS, rows[start : start + step])
            report(0.58 + 0.2 * min(1.0, (start + step) / len(rows)), "writing visits")
        report(0.78, "indexing visits")
    _insert(db, models.Community, COMMUNITY_COLUMNS, shop.community_rows)
    _insert(db, models.Membership, MEMBERSHIP_COLUMNS, shop.membership_rows)
    _insert(db, models.Task, TASK_COLUMNS, shop.task_rows)
    _reset_sequences(db, ("staff", "customer", "visit", "community", "membership", "task"))
    if not db.execute_sql("SELECT 1 FROM setting WHERE key = 'shop_name'").fetchone():
        shop_name = ("shop_name", json.dumps(SHOP_NAME, ensure_ascii=False))
        _insert(db, models.Setting, ("key", "value"), [shop_name])
    db.execute_sql("DELETE FROM setting WHERE key = 'demo'")
    _insert(db, models.Setting, ("key", "value"), [("demo", "true")])  # the app says it is a demo
