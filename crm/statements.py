"""Few round trips for what runs at every save: statements sent together, queries prepared once.

On PostgreSQL each statement is a round trip to the server, and a query over the visits is
planned anew every time (about a millisecond for the level facts of a visit on the chain,
several times what running it takes). :func:`send_together` sends a few statements in one
trip, the last of them a query whose rows it returns; that query may be prepared: planned
once per connection (a generic plan, as its parameters are ids and dates that each pick a
handful of rows through an index) and then only executed. On SQLite, in the same process,
the statements simply run one after the other (Python's sqlite3 keeps each one compiled).
"""

from __future__ import annotations

import itertools
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import peewee

from crm.db import database, typed_postgres_errors, where

Statement = tuple[str, Sequence]  # SQL with ``?`` placeholders, and its parameters

_MARK = re.compile(r"\?")
# The prepared queries of each open connection, by the name they were prepared under.
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_generation = itertools.count(1)


@dataclass(frozen=True)
class Prepared:
    """A query (``?`` placeholders) to prepare once per connection under ``name``."""

    name: str
    sql: str


def _db() -> peewee.Database:
    return database.obj if isinstance(database, peewee.DatabaseProxy) else database


def is_postgres_database() -> bool:
    return isinstance(_db(), peewee.PostgresqlDatabase)


def send_together(
    statements: Sequence[Statement],
    query: tuple[Prepared | str, Sequence] | None = None,
    *,
    last: bool = False,
):
    """Run ``statements`` in order in the caller's transaction, then ``query`` (SQL or a
    :class:`Prepared`, with its parameters); the cursor of the query (None without one).
    On PostgreSQL all of it is one round trip. ``last`` (without a query): these are the last
    statements of a transaction the caller began outside any other (its ``atomic()`` block is
    no savepoint, which peewee does not count in ``transaction_depth``) and ends right after;
    the COMMIT goes in the same trip, and nothing may be sent after it."""
    db = _db()
    if not isinstance(db, peewee.PostgresqlDatabase):
        for sql, params in statements:
            db.execute_sql(sql, params)
        if query is None:
            return None
        sql, params = query
        return db.execute_sql(sql.sql if isinstance(sql, Prepared) else sql, params)
    return _send_postgres(db, statements, query, last)


def _send_postgres(db, statements, query, last=False):
    begin = db.take_begin() if hasattr(db, "take_begin") else False  # crm.pg_begin: it goes along
    try:
        cursor = db.cursor()
        parts = [b"BEGIN"] if begin else []
        parts += [cursor.mogrify(_pg(sql), params) for sql, params in statements]
        preparing = None
        if query is not None:
            query_parts, preparing = _query_parts(db, cursor, *query)
            parts += query_parts
    except Exception:
        if begin:
            db.keep_begin()  # nothing was sent
        raise
    closing = last and query is None and hasattr(db, "committed_with_last")
    if closing:
        parts.append(b"COMMIT")
    if not parts:
        return None
    conn = db.connection()
    try:
        with typed_postgres_errors(where(db)), peewee.__exception_wrapper__:
            cursor.execute(b";\n".join(parts))
    except Exception:
        # A failed trip may or may not have left the query prepared: prepare it again under a
        # name of its own next time rather than guess.
        _prepared.pop(conn, None)
        raise
    if preparing is not None:
        _prepared.setdefault(conn, {})[query[0].name] = preparing
    if closing:
        db.committed_with_last()
    return cursor if query is not None else None


def _query_parts(db, cursor, sql: Prepared | str, params: Sequence) -> tuple[list[bytes], str | None]:
    """The query's part of the message, and the name it is prepared under in it (None: it
    was prepared before, or is not to be)."""
    if not isinstance(sql, Prepared):
        return [cursor.mogrify(_pg(sql), params)], None
    parts = []
    name = preparing = _prepared.get(db.connection(), {}).get(sql.name)
    if name is None:
        name = preparing = f"shop_{sql.name}_{next(_generation)}"
        numbered = itertools.count(1)
        parts.append(f"PREPARE {name} AS {_MARK.sub(lambda _: f'${next(numbered)}', sql.sql)}".encode())
        # Only this app's own prepared queries follow the setting (psycopg2 prepares none).
        parts.append(b"SET plan_cache_mode = force_generic_plan")
    else:
        preparing = None
    marks = ", ".join(["%s"] * len(params))
    parts.append(cursor.mogrify(f"EXECUTE {name}({marks})" if params else f"EXECUTE {name}", params))
    return parts, preparing


def _pg(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")
