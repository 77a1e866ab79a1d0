"""Reading and writing many customers at once (imports and their undo).

Ids are read in chunks of :data:`CHUNK` (a database takes only so many
placeholders in one statement). Customers are inserted with ``executemany``,
and on SQLite the trigram search table (:data:`crm.models.SQLITE_SEARCH_FTS`)
is kept in step by taking its trigger away for the bulk write and writing the
index rows once after it, in the same transaction: about four times faster
than a trigger firing row by row, and never out of step.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import peewee

from crm import clock
from crm.db import database, executemany

CHUNK = 5000
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


# --- inserting customers -------------------------------------------------------------------

# The columns of a row given to insert_customers, in order.
INSERT_COLUMNS = (
    "code", "name", "phone", "wechat", "birthday", "joined", "source", "referrer_id", "tags", "notes",
    "search_key",
)  # fmt: skip
_REFERRER = INSERT_COLUMNS.index("referrer_id")


def next_customer_id() -> int:
    return int(database.execute_sql("SELECT COALESCE(MAX(id), 0) FROM customer").fetchone()[0]) + 1


def insert_customers(rows: list[tuple], parents: list[int | None] | None = None) -> list[int]:
    """Insert rows of :data:`INSERT_COLUMNS`; their ids, in order. ``parents[i]``, when
    given, is the index among these rows of row i's referrer: rows go in generation by
    generation, so a referrer's id is known before their referrals are written (no second
    pass of updates)."""
    if not rows:
        return []
    parents = parents or [None] * len(rows)
    now = clock.now()
    ids: list[int] = [0] * len(rows)
    with _search_trigger_off("customer_fts_insert") as off:
        first = next_customer_id()
        for batch in _generations(parents):
            batch_first = next_customer_id()
            values = []
            for index in batch:
                row = rows[index]
                if parents[index] is not None:
                    row = (*row[:_REFERRER], ids[parents[index]], *row[_REFERRER + 1 :])
                values.append((*row, False, False, False, now, now))
            executemany(
                f"INSERT INTO customer ({', '.join(INSERT_COLUMNS)}, big_c_flag, archived, erased, level,"
                " purchase_days, spend_365, created_at, updated_at)"
                f" VALUES ({', '.join('?' * len(INSERT_COLUMNS))}, ?, ?, ?, 0, 0, 0, ?, ?)",
                values,
            )
            found = dict(database.execute_sql("SELECT code, id FROM customer WHERE id >= ?", (batch_first,)))
            for index in batch:
                ids[index] = found[rows[index][0]]
        if off:
            database.execute_sql(f"{_INDEX_ROWS} WHERE id >= ?", (first,))
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
