"""The counter order of search hits of equal quality: who is most likely standing at the
counter comes first (SPEC 1: counter staff find a customer in a few seconds).

1. the day the customer was last seen, most recent first: their last purchase, or the
   day they joined when that is later (a customer added today is seen today, so the
   one just added comes first among the last-4-digit matches of their phone);
2. then the regulars: more purchase days in the level window (365 days) first;
3. then by name (the search key, code point order on both engines), then id.

Both engines rank alike: the day is a number of days counted in SQL, the rest are the
stored values. A rule held by few keys has them all sorted in Python
(:func:`order_rows`); a dense one (a surname, one letter) is read by :func:`recent`,
in the order of the indexes of the last purchase and of the joining day.
"""

from __future__ import annotations

import peewee

from crm.db import database

# A walk's boundary day is read whole (its ties are then ordered exactly) up to this many
# customers of that day; past it (a busy day of a big shop, a day on which thousands joined:
# an import), only the matches among the day's first ones in the index join the ranking.
BOUNDARY_CAP = 500

OrderRow = tuple[int, int, str, int]  # (-seen day, -purchase days, key, id): sorts best first


def _sqlite() -> bool:
    return isinstance(database.obj, peewee.SqliteDatabase)


def columns() -> str:
    """The select list every gatherer reads: key, id, the day last seen, purchase days."""
    if _sqlite():
        seen = "CAST(julianday(max(coalesce(last_purchase, joined), joined)) AS INTEGER)"
    else:
        seen = "(greatest(last_purchase, joined) - DATE '2000-01-01')"
    return f"search_key, id, {seen}, purchase_days"


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


def recent(where: str, args: list[object], need: int, skip: list[int], include_archived: bool):
    """The ``need`` best order rows matching ``where`` (a test no index narrows), read
    from the most recent down. The day last seen is the later of two indexed columns,
    so the best ``need`` are among the first ``need`` by last purchase and the first
    ``need`` by joining day, each with the rest of its last day (their ties)."""
    found: set[OrderRow] = set()
    for column, order in _walks():
        rows = _walk(column, f"({where})", args, f"ORDER BY {order}", need, skip, include_archived)
        found.update(order_rows(row[:4] for row in rows))
        boundary = rows[-1][4] if len(rows) >= need else None
        if boundary is not None:
            found.update(order_rows(_ties(column, boundary, where, args, skip, include_archived)))
    return sorted(found)[:need]


def _walks() -> tuple[tuple[str, str], ...]:
    # The order of the indexes customer_last_purchase (migration 0012) and customer_joined.
    nulls = "" if _sqlite() else " NULLS LAST"
    return (("last_purchase", f"last_purchase DESC{nulls}, id"), ("joined", "joined DESC"))


def _ties(column: str, day, where: str, args: list[object], skip: list[int], include_archived: bool):
    """The matches among the first :data:`BOUNDARY_CAP` customers of one day in the index."""
    flag_sql, flag_args = flags(include_archived)
    others, skipped = not_in(skip)
    sql = (
        f"SELECT {columns()} FROM (SELECT * FROM customer WHERE {column} = ? AND {flag_sql}{others}"
        f" ORDER BY {column}, id LIMIT ?) AS day WHERE {where}"
    )
    return database.execute_sql(sql, [day, *flag_args, *skipped, BOUNDARY_CAP, *args]).fetchall()


def _walk(column: str, where: str, args: list[object], order: str, limit: int, skip, include_archived: bool):
    flag_sql, flag_args = flags(include_archived)
    others, skipped = not_in(skip)
    sql = f"SELECT {columns()}, {column} FROM customer WHERE {where} AND {flag_sql}{others} {order} LIMIT ?"
    return database.execute_sql(sql, [*args, *flag_args, *skipped, limit]).fetchall()
