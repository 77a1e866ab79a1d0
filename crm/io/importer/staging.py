"""Where a customers import keeps its rows while it checks them: temporary tables on the
import's own connection, not a Python object per row (a million rows were 722 MB that way).

The rows go in as they are read, a batch at a time (``COPY`` on PostgreSQL, ``executemany``
on SQLite); the checks are statements over them (:mod:`.customer_checks`,
:mod:`.referrers`, :mod:`.customer_writes`), and what comes back through Python is the bad
rows and the customers an import changes, a batch at a time. Every table is dropped when
the import ends, whatever the way; on SQLite they live in a temporary file the OS caches,
not in the process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import peewee

from crm.db import database, executemany, stream_rows
from crm.io.importer.customer_cells import STAGED
from crm.services.bulk import copy_rows

BATCH = 5000
TEMP_CACHE_KB = -32 * 1024  # SQLite's cache of the temporary file: its joins read by index
ROWS = "import_c_row"
BAD = "import_c_bad"
# The tables an import may make, dropped at its end (those made in its transaction go with
# a rollback already, hence IF EXISTS).
TABLES = (
    "import_c_row", "import_c_bad", "import_c_key", "import_c_namesake", "import_c_check",
    "import_c_contested", "import_c_ref", "import_c_ref_phone", "import_c_ref_name", "import_c_link",
    "import_c_ref_named", "import_c_child", "import_c_depth", "import_c_edge", "import_c_seed",
    "import_c_new", "import_c_change", "import_c_tags",
    "import_c_name",
)  # fmt: skip
_TYPES = {"line": "INTEGER", "birthday": "DATE", "joined": "DATE"}

# Why a row is bad, in the order the checks run: a referrer's row that is bad at a stage
# counts for the stages after it.
MATCHING, REFERRER, LOOP, JOINED, ORPHAN = range(1, 6)


def is_postgres() -> bool:
    return isinstance(database.obj, peewee.PostgresqlDatabase)


def sql(text: str, params: Iterable[Any] = ()) -> Any:
    return database.execute_sql(text, tuple(params))


def scalar(text: str, params: Iterable[Any] = ()) -> Any:
    return sql(text, params).fetchone()[0]


def rows(text: str, params: Iterable[Any] = ()) -> Iterator[tuple]:
    """The rows of a query a batch at a time (never all of them at once)."""
    return stream_rows(text, tuple(params), batch=BATCH)


def good(alias: str, before: int | None = None) -> str:
    """SQL: the staged row ``alias`` is not bad (or was not bad before stage ``before``)."""
    stage = "" if before is None else f" AND b.stage < {int(before)}"
    return f"NOT EXISTS (SELECT 1 FROM {BAD} b WHERE b.line = {alias}.line{stage})"


def analyze(table: str) -> None:
    """Neither engine gathers statistics of a temporary table by itself: without them a join
    of three thousand rows may be planned as one of a million, or the other way round."""
    sql(f"ANALYZE {table}" if is_postgres() else f"ANALYZE temp.{table}")


class Staging:
    """The import's tables, made on entering and dropped on leaving."""

    def __enter__(self) -> Staging:
        db = database.obj
        self.saved_temp_store = None
        if isinstance(db, peewee.SqliteDatabase) and not db.in_transaction():
            # A temporary table in a file the OS caches, not in this process: changed before
            # the first one is made (changing it drops every temporary table), and only
            # outside a transaction, as SQLite allows.
            self.saved_temp_store = scalar("PRAGMA temp_store")
            sql("PRAGMA temp_store = FILE")
            sql(f"PRAGMA temp.cache_size = {TEMP_CACHE_KB}")
        self.drop()
        # On SQLite the line is the table's own key; PostgreSQL builds its index once after.
        types = {**_TYPES, "line": "INTEGER" if is_postgres() else "INTEGER PRIMARY KEY"}
        columns = ", ".join(f"{name} {types.get(name, 'TEXT')}" for name in STAGED)
        sql(f"CREATE TEMPORARY TABLE {ROWS} ({columns})")
        sql(f"CREATE TEMPORARY TABLE {BAD} (line INTEGER PRIMARY KEY, stage INTEGER NOT NULL)")
        return self

    def __exit__(self, *exc: object) -> None:
        self.drop()
        if self.saved_temp_store is not None:
            sql(f"PRAGMA temp_store = {int(self.saved_temp_store)}")

    @staticmethod
    def drop() -> None:
        for table in TABLES:
            sql(f"DROP TABLE IF EXISTS {table}")

    def fill(self, staged: Iterable[tuple]) -> int:
        """Stage the rows (each as :data:`STAGED`), a batch at a time; how many."""
        count = 0
        batch: list[tuple] = []
        for row in staged:
            batch.append(row)
            if len(batch) == BATCH:
                self._write(batch)
                count += len(batch)
                batch = []
        if batch:
            self._write(batch)
            count += len(batch)
        if is_postgres():
            sql(f"CREATE UNIQUE INDEX import_c_row_line ON {ROWS} (line)")
        else:
            # SQLite joins by index, PostgreSQL a million rows by hashing them.
            index_rows("code")
        analyze(ROWS)
        return count

    @staticmethod
    def _write(batch: list[tuple]) -> None:
        if is_postgres():
            copy_rows(ROWS, STAGED, batch)
            return
        with _temporary_transaction():
            executemany(f"INSERT INTO {ROWS} VALUES ({', '.join('?' * len(STAGED))})", batch)


@contextmanager
def _temporary_transaction() -> Iterator[None]:
    """On SQLite, a batch of writes to the temporary tables in one transaction (each row its
    own was nine seconds for 100,000 rows instead of half a second). A deferred one: it takes
    no lock on the shop's file, so counters go on writing while a file is read."""
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase) or db.in_transaction():
        yield
        return
    sql("BEGIN DEFERRED")
    try:
        yield
    except BaseException:
        sql("ROLLBACK")
        raise
    sql("COMMIT")


def index_rows(column: str) -> None:
    """An index of the staged rows by ``column`` (made when a check is to look rows up by it)."""
    sql(f"CREATE INDEX IF NOT EXISTS import_c_row_{column} ON {ROWS} ({column})")


def insert_batches(statement: str, values: Iterable[tuple]) -> None:
    """``statement`` for each of ``values``, a batch at a time (into a temporary table)."""
    batch: list[tuple] = []
    for value in values:
        batch.append(value)
        if len(batch) == BATCH:
            with _temporary_transaction():
                executemany(statement, batch)
            batch = []
    if batch:
        with _temporary_transaction():
            executemany(statement, batch)


def reject(run: Any, found: Iterable[tuple], stage: int) -> int:
    """Each row of ``found`` (line, field, value, reason, *args) is a bad row, told to ``run``
    and kept as bad at ``stage``; how many. The lines are written once ``found`` is read (it
    may be a query of the table they go to)."""
    lines = []
    for line, field, value, reason, *args in found:
        run.error(line, field, value, reason, *args)
        lines.append((line, stage))
    insert_batches(f"INSERT INTO {BAD} (line, stage) VALUES (?, ?)", lines)
    return len(lines)
