"""Search as you type on SQLite: one search rule read through the indexes of
:mod:`crm.models` (SPEC 7: a keystroke under 30 ms with 100,000 customers).

:mod:`crm.services.search` decides the tiers and their order; here a rule (a field, how it
matches, the term) becomes every key that holds it, as order rows of
:mod:`crm.services.search_order`, or :data:`DENSE` when more than :data:`FTS_CAP` do (they
are then read most recent first), or None when no index serves it:

- a name prefix is a range of the key index, a pinyin or initials prefix or exact value
  a range of that field's index;
- any other rule comes from the trigram table: its text with the markers around it
  ("5678" + the code marker is a phone tail) as a phrase from three characters, one or
  two characters as the trigrams that start with them, read from its vocabulary;
- one ASCII letter or digit has no index (a good share of all keys hold it).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import peewee

from crm.db import database
from crm.models import SEARCH_FIELD_INDEXES, SEARCH_FIELD_SQL, SEARCH_FTS, SEARCH_FTS_TERMS
from crm.pinyin import MARKERS
from crm.services import search_order
from crm.services.search_keys import after
from crm.services.search_keys import literal as rule_literal

# A rule with more matches than this is dense: reading it most recent first finds what is
# needed sooner than sorting them all.
FTS_CAP = 500
# One or two characters that start more distinct trigrams than this are read as dense.
MAX_TRIGRAMS = 200
# What an index says of a rule that matches too much to sort.
DENSE = object()


@dataclass(frozen=True)
class Indexes:
    ranges: frozenset[str]  # fields whose prefix is an index range ("name" is the key's own index)
    trigram: bool


_INDEXES: weakref.WeakKeyDictionary[peewee.Database, Indexes] = weakref.WeakKeyDictionary()
_RANGE_INDEXES = {"name": "customer_search", **SEARCH_FIELD_INDEXES}
_RANGE_SQL = {"name": "search_key", **SEARCH_FIELD_SQL}


def indexes() -> Indexes | None:
    """The search indexes of the open database; None on PostgreSQL."""
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase):
        return None
    known = _INDEXES.get(db)
    if known is None:
        names = {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master").fetchall()}
        ranges = frozenset(field for field, index in _RANGE_INDEXES.items() if index in names)
        known = _INDEXES[db] = Indexes(ranges, {SEARCH_FTS, SEARCH_FTS_TERMS} <= names)
    return known


def gather(
    known: Indexes, rule: tuple[str | None, str], text: str, test, skip: list[int], include_archived: bool
):
    """Every order row of a rule (``test`` tells whether a key holds it), :data:`DENSE`,
    or None when no index serves it."""
    field, how = rule
    if field in known.ranges and (how == "prefix" or how == "exact" and field != "name"):
        return _range(field, how, text, skip, include_archived)
    literal = rule_literal(field, how, text)
    # One ASCII letter or digit is in a good share of all keys and starts too
    # many trigrams to be worth reading them.
    if known.trigram and (len(literal) >= 2 or not (literal.isascii() and literal.isalnum())):
        return trigram(literal, test, skip, include_archived)
    return None


def _range(field: str, how: str, text: str, skip: list[int], include_archived: bool):
    """A field prefix or exact field, as one index range."""
    column = _RANGE_SQL[field]
    value = MARKERS[field] + text  # the name is the start of the key: its prefix is the key's
    if how == "exact":
        where, args = f"{column} = ?", [value]
    else:
        upper = after(value)
        where, args = f"{column} >= ?", [value]
        if upper is not None:
            where, args = f"{where} AND {column} < ?", [value, upper]
    flags, params = search_order.flags(include_archived)
    # counted in the range index, which holds the flags; the order's columns are the table's
    through = f"FROM customer INDEXED BY {_RANGE_INDEXES[field]} WHERE {where} AND {flags}"
    sql = f"SELECT count(*) FROM (SELECT 1 {through} LIMIT ?)"
    if database.execute_sql(sql, [*args, *params, FTS_CAP + 1]).fetchone()[0] > FTS_CAP:
        return DENSE
    others, skipped = search_order.not_in(skip)
    sql = f"SELECT {search_order.columns()} {through}{others}"
    return search_order.order_rows(database.execute_sql(sql, [*args, *params, *skipped]).fetchall())


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match(literal: str) -> str | None:
    """The trigram query for the keys holding ``literal`` ("" for none). One or
    two characters are always followed by two more in the trigram table, so they
    are the trigrams that start with them, read from its vocabulary; None when
    they start more than :data:`MAX_TRIGRAMS`: they are common."""
    if len(literal) >= 3:
        return _phrase(literal)
    upper = after(literal)
    sql = f"SELECT term FROM {SEARCH_FTS_TERMS} WHERE term >= ?"
    args: list[object] = [literal]
    if upper is not None:
        sql, args = f"{sql} AND term < ?", [literal, upper]
    terms = database.execute_sql(f"{sql} LIMIT ?", [*args, MAX_TRIGRAMS + 1]).fetchall()
    if len(terms) > MAX_TRIGRAMS:
        return None
    return " OR ".join(_phrase(term) for (term,) in terms)


def trigram(literal: str, test, skip: list[int], include_archived: bool):
    """The order rows of the keys holding ``literal`` that pass ``test``, through the
    trigram table; :data:`DENSE` when ``literal`` occurs in more than :data:`FTS_CAP` keys."""
    return trigram_all([literal], test, skip, include_archived)


def trigram_all(literals: list[str], test, skip: list[int], include_archived: bool, cap: int = FTS_CAP):
    """The order rows of the keys holding every one of ``literals`` that pass ``test``, through
    the trigram table, which finds the keys holding each literal it narrows (one Chinese
    character starts too many trigrams: the test tells); :data:`DENSE` when more than ``cap``
    keys hold those, or it narrows none."""
    queries = [match(literal) for literal in literals]
    if "" in queries:
        return []  # no key holds that one
    queries = [query for query in queries if query is not None]
    if not queries:
        return DENSE
    query = queries[0] if len(queries) == 1 else " AND ".join(f"({q})" for q in queries)
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {SEARCH_FTS} WHERE {SEARCH_FTS} MATCH ? LIMIT ?)"
    if database.execute_sql(sql, [query, cap + 1]).fetchone()[0] > cap:
        return DENSE
    flags, params = search_order.flags(include_archived)
    sql = (
        f"SELECT {search_order.columns()} FROM customer"
        f" WHERE id IN (SELECT rowid FROM {SEARCH_FTS} WHERE {SEARCH_FTS} MATCH ?) AND {flags}"
    )
    skipped = set(skip)
    rows = database.execute_sql(sql, [query, *params]).fetchall()
    return search_order.order_rows(row for row in rows if row[1] not in skipped and test(row[0]))


def count(text: str, cap: int, include_archived: bool) -> int | None:
    """How many keys hold ``text`` (any rule's match holds it), at most ``cap`` + 1; None
    when the trigram table cannot say (one ASCII letter or digit, no table)."""
    known = indexes()
    if not (known and known.trigram) or len(text) < 2 and text.isascii() and text.isalnum():
        return None
    query = match(text)
    if query is None:
        return None
    if not query:
        return 0
    flags, params = search_order.flags(include_archived)
    # a join, not id IN (…): the trigram table's matches are read one by one and the count
    # stops at the cap, where IN would gather every one of them first
    sql = (
        f"SELECT count(*) FROM (SELECT 1 FROM {SEARCH_FTS} JOIN customer ON customer.id = {SEARCH_FTS}.rowid"
        f" WHERE {SEARCH_FTS} MATCH ? AND {flags} LIMIT ?)"
    )
    return database.execute_sql(sql, [query, *params, cap + 1]).fetchone()[0]
