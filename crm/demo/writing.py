"""Writing the demo shop on SQLite: plain tuples with ``executemany`` in the caller's
transaction, the customers as they are drawn, the plain indexes of the customers and the
visits built once after the rows are in. :mod:`.copying` does the same on PostgreSQL with
COPY."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import islice

import peewee

from crm import models
from crm.demo import history
from crm.demo.ahead import Ahead, BatchesAhead
from crm.demo.communities import COMMUNITY_COLUMNS, MEMBERSHIP_COLUMNS, TASK_COLUMNS
from crm.demo.people import CUSTOMER_COLUMNS
from crm.demo.purchases import VISIT_COLUMNS
from crm.demo.shop import Progress, Shop
from crm.services.bulk import search_index_after_insert
from crm.services.level_replay import write_history

SHOP_NAME = "店圈演示店"
BATCH_ROWS = 50_000
VISIT_ROWS = 200_000  # visits formatted and written at a time
HELD_CHANGES = 300_000  # level changes replayed ahead at most (about 350 bytes each)
STAFF_COLUMNS = ("id", "name", "role", "pin_hash", "active", "created_at")


def batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def _insert(db, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """``executemany`` of plain tuples; columns the demo leaves out get their model default."""
    defaults = model_defaults(model, columns)
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


def model_defaults(model, columns: tuple[str, ...]) -> list[tuple[str, object]]:
    """(column, constant default) of the model's columns the demo leaves out."""
    return [
        (field.column_name, field.default)
        for field in model._meta.sorted_fields
        if field.column_name not in columns and field.default is not None and not callable(field.default)
    ]


@contextmanager
def keys_unchecked(db) -> Iterator[None]:
    """Around the demo's transaction on SQLite: no foreign key looked up for each row
    written (two a visit, 2.5 s of a 100,000-customer demo's million visits). The demo draws
    every row's references from rows it wrote before (its tests hold it so); the setting is
    the connection's again after. SQLite ignores it inside a transaction: a caller already
    in one keeps its checks. PostgreSQL's writer drops its foreign keys for the load itself."""
    if not isinstance(db, peewee.SqliteDatabase) or db.in_transaction():
        yield
        return
    was = int(db.execute_sql("PRAGMA foreign_keys").fetchone()[0])
    db.execute_sql("PRAGMA foreign_keys = 0")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA foreign_keys = {was}")


def _drop_plain_indexes(db, table: str) -> list[str]:
    """Drop ``table``'s plain indexes while rows go in; returns the statements that build them
    again. Building an index once from a full table is several times faster than keeping it
    up to date through a million out-of-order inserts."""
    rows = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).fetchall()
    plain = [(name, sql) for name, sql in rows if not sql.upper().startswith("CREATE UNIQUE")]
    for name, _sql in plain:
        db.execute_sql(f'DROP INDEX "{name}"')
    return [sql for _name, sql in plain]


@contextmanager
def _indexes_deferred(db, table: str):
    """``table``'s plain indexes dropped for the block and built after it."""
    again = _drop_plain_indexes(db, table)
    yield
    for sql in again:
        db.execute_sql(sql)


def write_settings(db) -> None:
    """The shop's name unless it has one, and the mark that says it is a demo."""
    if not db.execute_sql("SELECT 1 FROM setting WHERE key = 'shop_name'").fetchone():
        shop_name = ("shop_name", json.dumps(SHOP_NAME, ensure_ascii=False))
        _insert(db, models.Setting, ("key", "value"), [shop_name])
    db.execute_sql("DELETE FROM setting WHERE key = 'demo'")
    _insert(db, models.Setting, ("key", "value"), [("demo", "true")])  # the app says it is a demo


class Writer:
    """The demo's rows into SQLite, step by step as :func:`crm.demo.generate` draws them,
    in the transaction it holds."""

    def __init__(self, db, shop: Shop, report: Progress):
        self.db, self.shop, self.report = db, shop, report

    def staff(self) -> None:
        _insert(self.db, models.Staff, STAFF_COLUMNS, self.shop.staff_rows)

    def customers(self, rows: Iterator[tuple], then: Callable[[], None]) -> None:
        """Written as they are drawn: a big demo does not hold all its customers' rows. Their
        plain indexes and search index rows are made once they are all in, while ``then``
        (what the demo draws next, reading no database) runs in a second thread: a
        100,000-customer demo's take about 4 s each."""
        drawing = None
        try:
            with search_index_after_insert(), _indexes_deferred(self.db, "customer"):
                for batch in batches(rows, BATCH_ROWS):
                    _insert(self.db, models.Customer, CUSTOMER_COLUMNS, batch)
                drawing = Ahead(then)  # the block's end builds the indexes meanwhile
        finally:
            if drawing is not None:
                drawing.wait()  # nothing draws on once this step is over, even when it failed
        drawing.result()

    def rest(self) -> None:
        """The visits (their plain indexes built with the level history), communities,
        memberships, tasks, the 大C flags and the settings."""
        db, shop, report = self.db, self.shop, self.report
        report(0.58, "writing visits")
        total = len(shop.visits)
        self.visit_indexes = _drop_plain_indexes(db, "visit")
        for start in range(0, total, VISIT_ROWS):
            _insert(db, models.Visit, VISIT_COLUMNS, shop.visits.tuples(shop, start, start + VISIT_ROWS))
            report(0.58 + 0.2 * min(1.0, (start + VISIT_ROWS) / total), "writing visits")
        _insert(db, models.Community, COMMUNITY_COLUMNS, shop.community_rows)
        _insert(db, models.Membership, MEMBERSHIP_COLUMNS, shop.membership_rows)
        _insert(db, models.Task, TASK_COLUMNS, shop.task_rows)
        big_c = sorted(shop.big_c)
        for start in range(0, len(big_c), 500):
            chunk = big_c[start : start + 500]
            db.execute_sql(
                f"UPDATE customer SET big_c_flag = ? WHERE id IN ({', '.join('?' * len(chunk))})",
                [True, *chunk],
            )
        write_settings(db)

    def levels(self, until: date, purchases: history.Purchases) -> None:
        """The level history replayed in a second thread while the visits' plain indexes are
        built (a 100,000-customer demo's six take about 6 s, as long as its replay), then
        written; then every customer's stored level and list figures."""
        self.report(0.78, "indexing visits")
        replaying = BatchesAhead(
            history.replayed(until, purchases), lambda batch: len(batch[0]), HELD_CHANGES
        )
        try:
            for sql in self.visit_indexes:
                self.db.execute_sql(sql)
        finally:
            replaying.stop()
        self.report(0.86, "level history")
        write_history(replaying.rest())
        self.report(0.95, "levels")
        history.store_levels(until)
