"""The list of all customers: who matches a filter, as plain tuples, in one query.

A big shop has 100,000 customers. The list reads the columns the level refresh
keeps on the customer row (level, last purchase, purchase days, spend in 365
days) plus the referrer's name through one join, as tuples (no model instances:
about 0.25 s on 100k rows). The filters are SQL ``WHERE`` clauses. :func:`load` gives the
whole list, sorted in Python; the screen reads it a page at a time where it is looked at
(:func:`page`, sorted and cut in SQL in the same order: after a row, or before one in the
reversed order for the end of the list; and :func:`count`), so a chain's million customers
never sit in memory. What is typed is matched as at the counter (:func:`crm.services.search.matching`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from crm import clock
from crm.db import database, is_postgres, stream_rows
from crm.services import big_c as big_c_service
from crm.services import settings

# Positions in a row tuple, in the order of the SELECT below.
R_ID, R_CODE, R_NAME, R_PHONE, R_LEVEL, R_LAST, R_DAYS, R_SPEND, R_REFERRER, R_TAGS, R_ARCHIVED = range(11)

_SELECT = (
    "SELECT c.id, c.code, c.name, c.phone, c.level, c.last_purchase, c.purchase_days, c.spend_365,"
    " r.name, c.tags, c.archived FROM customer c LEFT JOIN customer r ON r.id = c.referrer_id"
)

# What the list sorts by: a name for each sortable column of a row.
SORTS = ("code", "name", "phone", "level", "last", "days", "spend", "referrer", "big_c", "tags")
# Never empty: a plain itemgetter sorts them (a name order of 100k rows in 40 ms instead of 100 ms).
_ALWAYS_SET = {
    "code": R_CODE,
    "name": R_NAME,
    "tags": R_TAGS,
    "level": R_LEVEL,
    "days": R_DAYS,
    "spend": R_SPEND,
}
# May be empty: an empty value sorts below any other, but a customer who never bought comes last
# whichever way the list sorts by last purchase (the oldest purchase first, then never).
_MAYBE_EMPTY = {"phone": R_PHONE, "last": R_LAST, "referrer": R_REFERRER}
_NEVER_LAST = frozenset({"last"})


@dataclass(frozen=True)
class CustomerFilter:
    """What the list shows. Empty ``levels`` means every level."""

    text: str = ""
    levels: frozenset[int] = field(default_factory=frozenset)
    community_id: int | None = None
    tag: str | None = None
    big_c_only: bool = False
    include_archived: bool = False


@dataclass(frozen=True)
class CustomerList:
    rows: list[tuple]  # see R_*; dates as ISO text
    big_c: set[int]  # every 大C today, listed or not
    region: str  # for showing phones
    currency: str
    seconds: float


@dataclass(frozen=True)
class FilterChoices:
    tags: list[str]  # every tag a customer carries, sorted
    communities: list[tuple[int, str]]  # (id, name) of every community not archived, by name


def load(flt: CustomerFilter, sort: tuple[str, bool] | None = None) -> CustomerList:
    """The customers matching ``flt``, in the order of ``sort`` (a name of :data:`SORTS`, reversed), timed."""
    started = time.perf_counter()
    bigs = big_c_service.big_c_ids()
    rows = rows_of(flt, bigs)
    if sort is not None:
        _sort(rows, sort[0], sort[1], bigs)
    return CustomerList(
        rows, bigs, settings.get("phone_region"), settings.get("currency"), time.perf_counter() - started
    )


def first_rows(
    flt: CustomerFilter, sort: tuple[str, bool], limit: int = 100, after: tuple | None = None
) -> CustomerList:
    """The first ``limit`` customers :func:`load` lists for ``flt`` and ``sort`` (those after the
    row ``after``, when given), in its order, sorted and cut in SQL: a page of the list."""
    return page(flt, sort, limit, after)


def page(
    flt: CustomerFilter,
    sort: tuple[str, bool],
    limit: int = 100,
    after: tuple | None = None,
    *,
    backward: bool = False,
    skip: int = 0,
    bigs: set[int] | None = None,
) -> CustomerList:
    """``limit`` customers of the list :func:`load` gives for ``flt`` and ``sort``, in its order,
    sorted and cut in SQL: those after the row ``after`` (from the first when None), past the
    ``skip`` next to it; ``backward``, those before it (up to the last when None), past the
    ``skip`` next to it, read in the reversed order (so the end of a million is one short read).
    The screen reads the list so around where it is looked at, never whole (a chain's million
    customers would be a gigabyte of rows in memory). ``bigs``: the 大C the screen holds (read
    when not given: 30 ms on a chain)."""
    started = time.perf_counter()
    if bigs is None:
        bigs = big_c_service.big_c_ids()
    columns = _SELECT.removeprefix("SELECT ").split(" FROM ")[0]
    sql, params = ordered_query(columns, flt, sort, after, bigs, backward=backward)
    sql += f" LIMIT {int(limit)}" + (f" OFFSET {int(skip)}" if skip > 0 else "")
    rows = database.execute_sql(sql, params).fetchall()
    if _on_postgres():
        rows = [_normal(r) for r in rows]
    if backward:
        rows.reverse()
    return CustomerList(
        rows, bigs, settings.get("phone_region"), settings.get("currency"), time.perf_counter() - started
    )


def rows_of(flt: CustomerFilter, bigs: set[int], ids: Iterable[int] | None = None) -> list[tuple]:
    """The rows matching ``flt`` (of only these customers when ``ids`` are given); ``bigs``
    are the 大C the 大C filter keeps."""
    where, params = _where(flt)
    if ids is not None:
        ids = sorted({int(i) for i in ids})
        where.append(f"c.id IN ({', '.join('?' * len(ids))})")
        params += ids
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    rows = database.execute_sql(sql, params).fetchall()
    if is_postgres(getattr(database.obj, "shop_location", "")):
        # PostgreSQL gives date objects; SQLite's ISO text is used as it is (50 ms saved on 100k).
        # (Told by the engine, not by the first row: a customer who never bought has no date.)
        rows = [_normal(r) for r in rows]
    if flt.big_c_only:
        rows = [r for r in rows if r[R_ID] in bigs]
    return rows


def choices() -> FilterChoices:
    """What the filters offer: the tags in use and the open communities."""
    tags: set[str] = set()
    for (column,) in database.execute_sql("SELECT DISTINCT tags FROM customer WHERE tags <> ''"):
        tags.update(t for t in column.split(",") if t)
    groups = database.execute_sql(
        "SELECT id, name FROM community WHERE archived = ? ORDER BY name, id", [False]
    ).fetchall()
    return FilterChoices(sorted(tags), [(int(i), name) for i, name in groups])


def sort_key(sort: str, bigs: set[int], descending: bool = False) -> Callable[[tuple], object]:
    """How rows sort by ``sort`` (one of :data:`SORTS`); 大C first by being one, then by spend.
    Equal values keep the order of their ids whichever way the list sorts (``descending``:
    the rows are sorted reversed), as :func:`load` and :func:`ordered_query` have them,
    so a list sorts the same whatever order it was in before. (Slower than a plain value: for
    a list the screen holds whole; a longer one is sorted in SQL a page at a time.)"""
    value = _value_key(sort, bigs, descending)
    sign = -1 if descending else 1
    return lambda r: (value(r), sign * r[R_ID])


def _value_key(sort: str, bigs: set[int], descending: bool) -> Callable[[tuple], object]:
    if sort == "big_c":
        return lambda r: (r[R_ID] in bigs, r[R_SPEND])
    if sort in _ALWAYS_SET:
        return itemgetter(_ALWAYS_SET[sort])
    if sort in _NEVER_LAST:  # whichever way the rows are sorted (reversed when ``descending``)
        index = _MAYBE_EMPTY[sort]
        return lambda r: ((r[index] is None) != descending, r[index] or "")
    index = _MAYBE_EMPTY[sort]
    return lambda r: r[index] or ""


def _sort(rows: list[tuple], sort: str, reverse: bool, bigs: set[int]) -> None:
    """Sort in place by ``sort``, equal values in the order of their ids: by id first (at once
    when they come so from the query), then by the plain value, which a stable sort keeps
    (a tie-breaking key would make a 100k sort several times slower)."""
    rows.sort(key=_BY_ID)
    rows.sort(key=_value_key(sort, bigs, reverse), reverse=reverse)


_BY_ID = itemgetter(R_ID)


def sorted_rows(rows: list[tuple], sort: str, reverse: bool, bigs: set[int]) -> list[tuple]:
    """A sorted copy of ``rows``, in :func:`load`'s order."""
    copy = list(rows)
    _sort(copy, sort, reverse, bigs)
    return copy


# --- the list in SQL's order, streamed (an export) ---------------------------------------------

# Each sort's keys in SQL, as sort_key has them in Python; {text} orders text by code point
# on PostgreSQL as Python and SQLite do (a locale's collation would not).
_SQL_KEYS = {
    "code": ["c.code{text}"],
    "name": ["c.name{text}"],
    "tags": ["c.tags{text}"],
    "level": ["c.level"],
    "days": ["c.purchase_days"],
    "spend": ["c.spend_365"],
    "phone": ["COALESCE(c.phone, ''){text}"],
    "referrer": ["COALESCE(r.name, ''){text}"],
    # NULL (never bought) last both ways: the list's first order walks the customer_last_purchase
    # index, the other way customer_last_purchase_up, and either one backwards its end.
    "last": ["c.last_purchase"],
    "big_c": ["CASE WHEN {big_c} THEN 1 ELSE 0 END", "c.spend_365"],
}
# Filtered by what is typed, the list is not read walking the name order's index: a key starts
# with the name, so its matches cluster there (王 in one place), not where the planner expects
# them spread, and it walked 60 % of a million names to find 100 (0.9 s, sorting the 84,000
# holders of 王 takes 0.1 s). The same order, as an expression that index does not serve.
_FILTERED_KEYS = {"name": ["(c.name || ''){text}"]}


def ordered_query(
    columns: str,
    flt: CustomerFilter,
    sort: tuple[str, bool] | None,
    after: tuple | None = None,
    bigs: set[int] | None = None,
    *,
    backward: bool = False,
) -> tuple[str, list]:
    """A query of ``columns`` (over ``customer c`` and its referrer ``r``) for the customers
    :func:`load` lists for ``flt``, in the order it gives them for ``sort``, and only those
    after the row ``after`` in that order (the next page: by its values, not by a count of rows
    before it, so a customer who moved since the last page is neither shown twice nor skipped;
    ``bigs``: the 大C the row was shown with); and its parameters. ``backward``: the order
    reversed, and those before ``after``."""
    where, params = _where(flt)
    big_c, big_params = big_c_service.big_c_condition()
    if flt.big_c_only:
        where.append(big_c)
        params += big_params
    if sort is not None and after is not None:
        condition, condition_params = _after(sort, after, bigs or set(), big_c, big_params, backward)
        where.append(condition)
        params += condition_params
    sql = f"SELECT {columns} FROM customer c LEFT JOIN customer r ON r.id = c.referrer_id"
    if where:
        sql += " WHERE " + " AND ".join(where)
    if sort is None:  # no order (a count)
        return sql, params
    name, reverse = sort
    descending = reverse != backward  # the way this query reads
    keys = []
    for raw in _FILTERED_KEYS.get(name, _SQL_KEYS[name]) if flt.text.strip() else _SQL_KEYS[name]:
        key = raw.format(text=_text(), big_c=big_c) + (" DESC" if descending else "")
        if name in _NEVER_LAST:
            key += _nulls(first=backward, descending=descending)
        keys.append(key)
    if name == "big_c":
        params += big_params
    sql += " ORDER BY " + ", ".join([*keys, "c.id DESC" if backward else "c.id"])
    return sql, params


def _nulls(first: bool, descending: bool) -> str:
    """Where NULL goes in a query's order, said outright on PostgreSQL; on SQLite only where it
    is not its own place (below any value), so its plain order still walks an index."""
    if _on_postgres():
        return " NULLS FIRST" if first else " NULLS LAST"
    return "" if first != descending else (" NULLS FIRST" if first else " NULLS LAST")


def _text() -> str:
    return ' COLLATE "C"' if _on_postgres() else ""


def _key_values(name: str, row: tuple, bigs: set[int]) -> list:
    """The values of ``row`` the SQL keys of sort ``name`` compare."""
    if name == "big_c":
        return [1 if row[R_ID] in bigs else 0, row[R_SPEND]]
    if name == "last":
        return [row[R_LAST]]
    if name in _ALWAYS_SET:
        return [row[_ALWAYS_SET[name]]]
    return [row[_MAYBE_EMPTY[name]] or ""]


def _after(
    sort: tuple[str, bool], row: tuple, bigs: set[int], big_c: str, big_params: list, backward: bool = False
) -> tuple[str, list]:
    """SQL true for a customer after ``row`` in the order of ``sort`` (its keys, then the id going
    up), or before it when ``backward``, and its parameters. Only the last purchase may be empty
    (NULL): last in the list's order, so first read backwards."""
    name, reverse = sort
    descending = reverse != backward
    nulls_first = backward
    raws = _SQL_KEYS[name]
    values = _key_values(name, row, bigs)
    terms: list[tuple[str, list]] = []
    same: list[tuple[str, list]] = []  # the keys before this one equal to the row's
    for raw, value in zip(raws, values, strict=True):
        expr = raw.format(text=_text(), big_c=big_c)
        own = list(big_params) if "{big_c}" in raw else []  # the expression's own parameters
        if value is None:  # never bought
            later = (f"{expr} IS NOT NULL", own) if nulls_first else None
            equal = (f"{expr} IS NULL", own)
        else:
            op = "<" if descending else ">"
            tail = f" OR {expr} IS NULL" if name in _NEVER_LAST and not nulls_first else ""
            later = (f"({expr} {op} ?{tail})", [*own, value, *(own if tail else [])])
            equal = (f"{expr} = ?", [*own, value])
        if later is not None:
            terms.append(_all([*same, later]))
        same.append(equal)
    terms.append(_all([*same, ("c.id < ?" if backward else "c.id > ?", [row[R_ID]])]))
    return "(" + " OR ".join(text for text, _ in terms) + ")", [p for _, ps in terms for p in ps]


def _all(parts: list[tuple[str, list]]) -> tuple[str, list]:
    return "(" + " AND ".join(text for text, _ in parts) + ")", [p for _, ps in parts for p in ps]


def count(flt: CustomerFilter) -> int:
    """How many customers :func:`load` lists for ``flt``."""
    sql, params = ordered_query("COUNT(*)", flt, None)
    return int(database.execute_sql(sql, params).fetchone()[0])


def stream(sql: str, params: list, batch: int = 2000) -> Iterator[tuple]:
    """The rows of ``sql`` a batch at a time, never all of them in memory (PostgreSQL: a
    server-side cursor, which psycopg2 otherwise reads whole)."""
    return stream_rows(sql, params, batch)


def _on_postgres() -> bool:
    return is_postgres(getattr(database.obj, "shop_location", ""))


# --- the query --------------------------------------------------------------------------------


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(flt: CustomerFilter) -> tuple[list[str], list]:
    """The SQL conditions of ``flt`` and their parameters (``?`` placeholders)."""
    clauses: list[str] = []
    params: list = []
    if not flt.include_archived:
        clauses.append("c.archived = ?")
        params.append(False)
    if flt.levels:
        levels = sorted(flt.levels)
        clauses.append(f"c.level IN ({', '.join('?' * len(levels))})")
        params += levels
    if flt.community_id is not None:
        today = clock.today().isoformat()
        clauses.append(
            "(c.id IN (SELECT g.leader_id FROM community g WHERE g.id = ?) OR EXISTS ("
            "SELECT 1 FROM membership m WHERE m.customer_id = c.id AND m.community_id = ?"
            ' AND m.joined <= ? AND (m."left" IS NULL OR m."left" > ?)))'
        )
        params += [flt.community_id, flt.community_id, today, today]
    if flt.tag:
        clauses.append("c.tags LIKE ? ESCAPE '\\'")
        params.append(f"%,{_escape_like(flt.tag)},%")
    if flt.text.strip():
        # Imported here: pypinyin takes 0.2 s to load, which start-up need not pay.
        from crm.services.search import matching

        # The counter's words and meaning: "王 8895" is 王 and 8895, each somewhere in the key.
        found = matching(flt.text, "c")
        if found is not None:
            clauses.append(f"({found[0]})")
            params += found[1]
    return clauses, params


def _day(value) -> str | None:
    return None if value is None else str(value)[:10]


def _normal(row: tuple) -> tuple:
    """Dates as ISO text and flags as bool, as SQLite gives them."""
    return (
        row[R_ID],
        row[R_CODE],
        row[R_NAME],
        row[R_PHONE],
        int(row[R_LEVEL] or 0),
        _day(row[R_LAST]),
        int(row[R_DAYS] or 0),
        int(row[R_SPEND] or 0),
        row[R_REFERRER],
        row[R_TAGS] or "",
        bool(row[R_ARCHIVED]),
    )
