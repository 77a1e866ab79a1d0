"""Reading and writing many customers at once (imports and their undo).

Ids are read in chunks of :data:`CHUNK` (a database takes only so many
placeholders in one statement). Customers are inserted with ``executemany``,
and on SQLite the trigram search table (:data:`crm.models.SQLITE_SEARCH_FTS`)
is kept in step by taking its trigger away for the bulk write and writing the
index rows once after it, in the same transaction: about four times faster
than a trigger firing row by row, and never out of step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import peewee

from crm import clock
from crm.db import database, executemany, typed_postgres_errors, where

CHUNK = 5000
REBUILD_INDEXES_AT = 20_000  # new customers from which indexes may be built after them
_INDEX_ROWS = "INSERT INTO customer_fts (rowid, search_key) SELECT id, search_key || char(7) FROM customer"


def chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    batch: list[int] = []
    for i in ids:
        batch.append(i)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def rows_for(sql: str, ids: Iterable[int], *params: Any) -> Iterator[tuple]:
    """``sql`` with ``{ids}`` standing for the placeholders of each chunk of ``ids``."""
    for chunk in chunks(ids):
        yield from database.execute_sql(sql.format(ids=",".join("?" * len(chunk))), [*chunk, *params])


# --- the search index ----------------------------------------------------------------------


@contextmanager
def _search_trigger_off(name: str, wanted: bool = True) -> Iterator[bool]:
    """On SQLite (and when ``wanted``), the search table's trigger ``name`` is dropped for
    the block and created again after it; yields whether it was. A block that fails leaves
    it to the transaction's rollback to bring the trigger back."""
    from crm.models import SQLITE_SEARCH_FTS

    db = database.obj
    trigger = next((sql for sql in SQLITE_SEARCH_FTS if f'"{name}"' in sql), None)
    off = bool(
        wanted
        and trigger
        and isinstance(db, peewee.SqliteDatabase)
        and db.execute_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
        ).fetchone()
    )
    if off:
        db.execute_sql(f'DROP TRIGGER "{name}"')
    yield off
    if off:
        db.execute_sql(trigger)


@contextmanager
def search_index_after_insert() -> Iterator[None]:
    """Around inserting many customers whose ids come after every customer's (the demo's): on
    SQLite the search table's insert trigger is taken away and the new customers' index rows
    are written once after, as :func:`insert_customers` does. Elsewhere, nothing."""
    with _search_trigger_off("customer_fts_insert") as off:
        first = next_customer_id() if off else 0
        yield
        if off:
            database.execute_sql(f"{_INDEX_ROWS} WHERE id >= ?", (first,))


@contextmanager
def indexes_built_after(new_customers: int) -> Iterator[None]:
    """Around writing ``new_customers`` customers: when they are many and at least as many as
    the shop has (a first import, a chain's million), indexes are dropped for the block and
    built again once after it, in the same transaction, one sort each instead of a million
    scattered inserts. On SQLite every index of the customer table (100,000 rows: 5 s instead
    of 15; a unique one refuses a duplicate as it is built, as an insert would), unseen by
    other connections until the commit. On PostgreSQL the search indexes (:func:`crm.models.
    postgres_search_deferred`: 0.1 to 0.4 ms a row kept up row by row), the other indexes but
    the primary key, and the table's foreign keys; the table is the import's alone until the
    commit, so a smaller import into a big shop keeps them."""
    from crm.models import postgres_search_deferred

    db = database.obj
    many = new_customers >= REBUILD_INDEXES_AT and new_customers >= int(
        database.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0]
    )
    if not many:
        yield
    elif isinstance(db, peewee.PostgresqlDatabase):
        with postgres_search_deferred(db):
            again = _drop_postgres_keys(db)
            # Sorting a million keys in memory, not in runs on disk (the trigram index most).
            db.execute_sql("SET LOCAL maintenance_work_mem = '256MB'")
            yield
            for statement in again:
                db.execute_sql(statement)
    else:
        indexes = db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customer'"
            " AND sql IS NOT NULL"
        ).fetchall()
        for name, _ in indexes:
            db.execute_sql(f'DROP INDEX "{name}"')
        yield
        for _, sql in indexes:
            db.execute_sql(sql)


def _drop_postgres_keys(db) -> list[str]:
    """Drop the customer table's other indexes and its own foreign keys (a referrer, a pin's
    staff member: a look-up and a row lock for each row written); the statements that make
    them again, the foreign keys last (each checked once, by one join). The primary key stays:
    the other tables' keys point at it."""
    indexes = db.execute_sql(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " WHERE i.indrelid = 'customer'::regclass"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
    ).fetchall()
    foreign = db.execute_sql(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = 'customer'::regclass AND contype = 'f'"
    ).fetchall()
    for name, _ in foreign:
        db.execute_sql(f'ALTER TABLE customer DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        db.execute_sql(f"DROP INDEX {name}")
    return [definition for _, definition in indexes] + [
        f'ALTER TABLE customer ADD CONSTRAINT "{name}" {definition}' for name, definition in foreign
    ]


def rebuild_search_index() -> bool:
    """Write the SQLite search index again from every customer's search key (a repair);
    False where the shop has none (PostgreSQL searches its own trigram index)."""
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase) or "customer_fts" not in db.get_tables():
        return False
    database.execute_sql("INSERT INTO customer_fts (customer_fts) VALUES ('delete-all')")
    database.execute_sql(_INDEX_ROWS)
    return True


@contextmanager
def rewriting_search_keys(ids: list[int]) -> Iterator[None]:
    """Around a bulk update of these customers' search keys: on SQLite the trigram index's
    update trigger is taken away and their index rows are rewritten once afterwards, in the
    same transaction (100,000 names: 3.6 s instead of 13.5 s). Elsewhere, nothing."""
    with _search_trigger_off("customer_fts_update", wanted=bool(ids)) as off:
        before = list(rows_for("SELECT id, search_key FROM customer WHERE id IN ({ids})", ids)) if off else []
        yield
        if off:
            executemany(
                "INSERT INTO customer_fts (customer_fts, rowid, search_key)"
                " VALUES ('delete', ?, ? || char(7))",
                before,
            )
            for chunk in chunks(ids):
                database.execute_sql(f"{_INDEX_ROWS} WHERE id IN ({','.join('?' * len(chunk))})", chunk)


@contextmanager
def rewriting_search_keys_of(id_query: str) -> Iterator[None]:
    """:func:`rewriting_search_keys` for the customers whose ids ``id_query`` selects (the
    rows of an import's table of changes, not a list of them in Python)."""
    with _search_trigger_off("customer_fts_update") as off:
        if off:
            database.execute_sql(
                "INSERT INTO customer_fts (customer_fts, rowid, search_key)"
                f" SELECT 'delete', id, search_key || char(7) FROM customer WHERE id IN ({id_query})"
            )
        yield
        if off:
            database.execute_sql(f"{_INDEX_ROWS} WHERE id IN ({id_query})")


# --- inserting customers -------------------------------------------------------------------

# The columns of a row given to insert_customers, in order.
INSERT_COLUMNS = (
    "code", "name", "phone", "wechat", "birthday", "joined", "source", "referrer_id", "tags", "notes",
    "search_key",
)  # fmt: skip
_REFERRER = INSERT_COLUMNS.index("referrer_id")
# What write_customers adds after a row's own values: not archived, not erased, no level yet.
_NEW_COLUMNS = (
    "big_c_flag",
    "archived",
    "erased",
    "level",
    "purchase_days",
    "spend_365",
    "created_at",
    "updated_at",
)
COPY_ROWS = 5000  # rows per piece of COPY text
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def next_customer_id() -> int:
    return int(database.execute_sql("SELECT COALESCE(MAX(id), 0) FROM customer").fetchone()[0]) + 1


def reserve_customer_ids(count: int) -> int:
    """The first of ``count`` consecutive ids for new customers, the ids the rows would have
    been given one by one. On PostgreSQL the block is taken from the id sequence in one
    statement, so a counter adding a customer meanwhile gets an id after it; on SQLite the
    import's transaction holds the only writer."""
    db = database.obj
    if count and isinstance(db, peewee.PostgresqlDatabase):
        sequence = "pg_get_serial_sequence('customer', 'id')"
        last = db.execute_sql(f"SELECT setval({sequence}, nextval({sequence}) + ? - 1)", (count,))
        return int(last.fetchone()[0]) - count + 1
    return next_customer_id()


def write_customers(rows: Iterable[tuple], first: int) -> None:
    """Write new customers: ``rows`` of (id, *INSERT_COLUMNS), ids from ``first`` on, a
    referrer before the customers they referred. The rows are drawn as they are written,
    never all held: a COPY on PostgreSQL, ``executemany`` on SQLite with the search index
    rows written once after (:func:`search_index_after_insert`)."""
    now = clock.now()
    added = (False, False, False, 0, 0, 0, now, now)
    db = database.obj
    columns = ("id", *INSERT_COLUMNS, *_NEW_COLUMNS)
    if isinstance(db, peewee.PostgresqlDatabase):
        reader = _CopyText(rows, "\t" + "\t".join(map(_copy_field, added)))
        with typed_postgres_errors(where(db)), peewee.__exception_wrapper__:
            db.cursor().copy_expert(f"COPY customer ({', '.join(columns)}) FROM STDIN", reader)
        return
    # What every new customer starts with is written in the statement itself, as the driver
    # would store it: each row binds its own values only and is not copied to add them.
    row_values = [*"?" * (len(columns) - len(added)), *map(_sql_literal, added)]
    with _search_trigger_off("customer_fts_insert") as off:
        executemany(f"INSERT INTO customer ({', '.join(columns)}) VALUES ({', '.join(row_values)})", rows)
        if off:
            database.execute_sql(f"{_INDEX_ROWS} WHERE id >= ?", (first,))


def new_customer_values() -> tuple:
    """What :func:`write_customers` adds after a row's own values (:data:`_NEW_COLUMNS`)."""
    now = clock.now()
    return (False, False, False, 0, 0, 0, now, now)


def insert_selected_customers(select: str, params: Iterable[Any], first: int) -> None:
    """Write new customers from ``select``, a query giving (id, *INSERT_COLUMNS,
    *:func:`new_customer_values`) with ids from ``first`` on (an import's staged rows). On SQLite
    the search index rows are written once after, as :func:`write_customers` does."""
    columns = ("id", *INSERT_COLUMNS, *_NEW_COLUMNS)
    with _search_trigger_off("customer_fts_insert") as off:
        database.execute_sql(f"INSERT INTO customer ({', '.join(columns)}) {select}", tuple(params))
        if off:
            database.execute_sql(f"{_INDEX_ROWS} WHERE id >= ?", (first,))


def copy_rows(table: str, columns: Iterable[str], rows: Iterable[tuple]) -> None:
    """PostgreSQL only: ``rows`` into ``table`` by ``COPY``, drawn as they are sent (an
    import's staged rows)."""
    db = database.obj
    with typed_postgres_errors(where(db)), peewee.__exception_wrapper__:
        db.cursor().copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", _CopyText(rows, ""))


def _sql_literal(value: bool | int | datetime) -> str:
    """``value`` in SQLite's SQL as the driver would bind it: a number, or the text of a time."""
    if isinstance(value, datetime):
        return "'" + sqlite3.adapt(value).replace("'", "''") + "'"
    return str(int(value))


def _copy_field(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    return str(value).translate(_COPY_ESCAPES)


class _CopyText:
    """A file for psycopg2's ``copy_expert`` whose ``read`` gives the COPY text of the next
    :data:`COPY_ROWS` rows, each followed by ``tail`` (the same for every row): the server
    parses one piece while the next is made. The fields are joined as they are, and a piece
    with something to escape (a backslash, a tab or a line break in a value: a note) made
    again field by field, which is three times slower. (A NULL's own backslash was once
    taken for one in a value: every piece with an empty field was made twice.)"""

    def __init__(self, rows: Iterable[tuple], tail: str):
        self.rows = iter(rows)
        self.tail = tail

    def read(self, size: int = -1) -> bytes:
        batch = []
        for row in self.rows:
            batch.append(row)
            if len(batch) == COPY_ROWS:
                break
        if not batch:
            return b""
        tail = self.tail + "\n"
        piece = "".join(
            [
                "\t".join([v if type(v) is str else "\\N" if v is None else str(v) for v in row]) + tail
                for row in batch
            ]
        )
        tabs = len(batch) * (len(batch[0]) - 1 + tail.count("\t"))
        # Each NULL is written \N: any other backslash is in a value.
        nulls = sum([row.count(None) for row in batch]) + len(batch) * tail.count("\\")
        if (
            piece.count("\\") != nulls
            or "\r" in piece
            or piece.count("\n") != len(batch)
            or piece.count("\t") != tabs
        ):
            piece = "".join(["\t".join(map(_copy_field, row)) + tail for row in batch])
        return piece.encode()


def insert_customers(rows: list[tuple], parents: list[int | None] | None = None) -> list[int]:
    """Insert rows of :data:`INSERT_COLUMNS`; their ids, in order. ``parents[i]``, when
    given, is the index among these rows of row i's referrer: rows go in generation by
    generation, so a referrer's id is known before their referrals are written."""
    if not rows:
        return []
    parents = parents or [None] * len(rows)
    order = [index for batch in _generations(parents) for index in batch]
    first = reserve_customer_ids(len(rows))
    ids: list[int] = [0] * len(rows)
    for rank, index in enumerate(order):
        ids[index] = first + rank

    def with_ids() -> Iterator[tuple]:
        for index in order:
            row = rows[index]
            if parents[index] is not None:
                row = (*row[:_REFERRER], ids[parents[index]], *row[_REFERRER + 1 :])
            yield (ids[index], *row)

    write_customers(with_ids(), first)
    return ids


def _generations(parents: list[int | None]) -> list[list[int]]:
    """The row indexes by generation (rows without a referrer among them first), each in order."""
    generation: list[int] = [-1] * len(parents)
    for start in range(len(parents)):
        path = []
        node = start
        while node is not None and generation[node] < 0:
            path.append(node)
            node = parents[node]
        depth = generation[node] if node is not None else -1
        for index in reversed(path):
            depth += 1
            generation[index] = depth
    batches: dict[int, list[int]] = {}
    for index, depth in enumerate(generation):
        batches.setdefault(depth, []).append(index)
    return [batches[depth] for depth in sorted(batches)]
