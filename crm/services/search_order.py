"""The counter order of search hits of equal quality: who is most likely standing at the
counter comes first (SPEC 1: counter staff find a customer in a few seconds).

1. the day the customer was last seen, most recent first: their last purchase, or the
   day they joined when that is later (a customer added today is seen today, so the
   one just added comes first among the last-4-digit matches of their phone);
2. then the regulars: more purchase days in the level window (365 days) first;
3. then by name (the search key, code point order on both engines), then id.

The columns are the customer's own, kept with the level (a logged visit refreshes them
in its transaction). Both engines rank alike: the day is a number of days counted in SQL,
the rest are the stored values. A rule held by few keys has them all read through the
rule's index and the best sorted (:func:`best`); a dense one (a surname, one letter) is
read by :func:`recent` through the index in this order (``customer_search_recent``,
migration 0014), which holds the key: the walk tests each key there and stops when
enough match, without touching the table.
"""

from __future__ import annotations

import peewee

from crm.db import database
from crm.models import SEARCH_RECENT, SEARCH_SEEN

OrderRow = tuple[int, int, str, int]  # (-seen day, -purchase days, key, id): sorts best first


def _sqlite() -> bool:
    return isinstance(database.obj, peewee.SqliteDatabase)


def _seen() -> str:
    """The day last seen, as the counter order's index has it."""
    return SEARCH_SEEN["sqlite" if _sqlite() else "postgres"]


def columns() -> str:
    """The select list every gatherer reads: key, id, the day last seen (a number, ``seen``),
    purchase days."""
    if _sqlite():
        seen = f"CAST(julianday({_seen()}) AS INTEGER)"
    else:
        seen = f"({_seen()} - DATE '2000-01-01')"
    return f"search_key, id, {seen} AS seen, purchase_days"


def _order_by(seen: str) -> str:
    """ORDER BY of the counter order (code point order of keys on both engines)."""
    key = "search_key" if _sqlite() else 'search_key COLLATE "C"'
    return f"ORDER BY {seen} DESC, purchase_days DESC, {key}, id"


def order_rows(rows) -> list[OrderRow]:
    """Rows read with :func:`columns` as sortable order rows (not yet sorted)."""
    return [(-(seen or 0), -(days or 0), key, cid) for key, cid, seen, days in rows]


def flags(include_archived: bool) -> tuple[str, list[object]]:
    if include_archived:
        return "erased = ?", [False]
    return "erased = ? AND archived = ?", [False, False]


def not_in(skip: list[int]) -> tuple[str, list[object]]:
    if not skip:
        return "", []
    return f" AND id NOT IN ({', '.join(['?'] * len(skip))})", list(skip)


def best(select: str, args: list[object], need: int) -> list[OrderRow]:
    """The ``need`` best order rows of a query reading :func:`columns` through a rule's own
    index (on PostgreSQL OFFSET 0 keeps the planner on it: it would rather walk the counter
    order's index, passing over every other key, when it guesses the rule holds many; SQLite's
    queries name their index)."""
    fence = "" if _sqlite() else " OFFSET 0"
    sql = f"SELECT * FROM ({select}{fence}) AS hits {_order_by('seen')} LIMIT ?"
    return order_rows(database.execute_sql(sql, [*args, need]).fetchall())


def order_read() -> str:
    """ORDER BY of the counter order over rows read with :func:`columns`."""
    return _order_by("seen")


def recent(where: str, args: list[object], need: int, skip: list[int], include_archived: bool):
    """The ``need`` best order rows matching ``where`` (a test no index narrows), read
    most recent first through the counter order's index."""
    flag_sql, flag_args = flags(include_archived)
    others, skipped = not_in(skip)
    through = f" INDEXED BY {SEARCH_RECENT}" if _sqlite() else ""
    sql = (
        f"SELECT {columns()} FROM customer{through} WHERE ({where}) AND {flag_sql}{others}"
        f" {_order_by(_seen())} LIMIT ?"
    )
    return order_rows(database.execute_sql(sql, [*args, *flag_args, *skipped, need]).fetchall())
