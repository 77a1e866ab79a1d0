"""Search as you type on PostgreSQL: one search rule read through the indexes of
:data:`crm.models.PG_SEARCH_INDEXES` and the trigram index (SPEC 7: a keystroke under
50 ms with 1,000,000 customers, where reading every key takes a second).

:mod:`crm.services.search` decides the tiers, their order and the ranking; here a rule
(a field, how it matches, the term) becomes every key that holds it, as order rows of
:mod:`crm.services.search_order` (sorted there by who is most likely at the counter), when
at most :data:`CAP` keys hold it:

- a name prefix is a range of the key index;
- a pinyin, initials, code or WeChat value or prefix is a range of that field's index,
  and a phone's tail one of the index of phones read backwards;
- any other rule (a phone prefix, part of a name, any substring) comes from the
  trigram index when its text has a run pg_trgm can index (three characters, or two
  letters beside a field marker), else from the index of the key's Chinese characters
  when it holds some.

The b-tree ranges are counted first (their entries hold the flags: the table is not read)
and the GIN ones gathered up to the cap. A rule held by more keys is dense, and so are
one or two letters or digits without a marker beside them (no index narrows them: they
are in a good share of all keys): :func:`any_holds` gives the test that
:func:`crm.services.search_order.recent` applies reading the most recent customers first.
"""

from __future__ import annotations

import weakref
from contextlib import contextmanager
from dataclasses import dataclass

import peewee

from crm.db import database
from crm.models import (
    PG_SEARCH_FIELD_SQL,
    PG_SEARCH_INDEXES,
    PG_SEARCH_KEY,
    PG_SEARCH_PHONE_TAIL,
    PG_SEARCH_TRIGRAM,
    pg_search_field_sql,
    pg_search_han,
)
from crm.pinyin import MARKERS
from crm.services import search_keys as core
from crm.services import search_order

# A rule held by more keys than this is dense: reading it most recent first finds what
# is needed sooner than gathering them all (a key read from the table costs about twenty
# times one read in order from the key index).
CAP = 2000
# What a rule is when too many keys hold it to sort them: DENSE when no index counts them
# (one or two letters or digits), CROWDED when an index counted more than CAP: as many keys
# hold the term, and search need not count them again (CAP is above search.COUNT_CAP).
DENSE, CROWDED = object(), object()
_MARKER_CHARS = "".join(MARKERS.values())
_ASCII = {chr(code) for code in range(128)}
# The planner's other ways to read the customer table (see _through_bitmap).
_SCANS = ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan")
_READ_SCANS = "SELECT " + ", ".join(f"current_setting('{name}')" for name in _SCANS)
_SCANS_OFF = "SELECT " + ", ".join(f"set_config('{name}', 'off', true)" for name in _SCANS)
_SCANS_BACK = "SELECT " + ", ".join(f"set_config('{name}', ?, true)" for name in _SCANS)

_FIELD_INDEXES = {
    "pinyin": "customer_search_pinyin_c",
    "initials": "customer_search_initials_c",
    "code": "customer_search_code_c",
    "wechat": "customer_search_wechat_c",
}
_KEY_INDEX, _TAIL_INDEX = "customer_search", "customer_search_phone_tail"
_HAN_INDEX = "customer_search_han"
assert {*_FIELD_INDEXES.values(), _KEY_INDEX, _TAIL_INDEX, _HAN_INDEX} <= set(PG_SEARCH_INDEXES)


@dataclass(frozen=True)
class Indexes:
    names: frozenset[str]
    han_words: bool  # pg_trgm reads Chinese characters as part of words (the server's ctype)


_INDEXES: weakref.WeakKeyDictionary[peewee.Database, Indexes] = weakref.WeakKeyDictionary()


def indexes() -> Indexes:
    """The search indexes of the open PostgreSQL database."""
    db = database.obj
    known = _INDEXES.get(db)
    if known is None:
        sql = (
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'customer'"
        )
        names = frozenset(row[0] for row in db.execute_sql(sql).fetchall())
        han_words = False
        if PG_SEARCH_TRIGRAM in names:
            try:
                with db.atomic():  # a savepoint: an error leaves the caller's transaction usable
                    han_words = bool(db.execute_sql("SELECT show_trgm('王丽华') <> '{}'").fetchone()[0])
            except peewee.DatabaseError:
                pass
        known = _INDEXES[db] = Indexes(names, han_words)
    return known


def trigram_usable(literal: str, han_words: bool) -> bool:
    """Whether pg_trgm narrows the keys holding ``literal`` (with anything around it).
    It reads runs of word characters (letters and digits; Chinese ones where the server
    says so), padding a run at a word boundary: here a marker or a symbol in the literal.
    A trigram of three characters of a run, or of two letters beside a boundary (" ab",
    "ab "), is selective; one character at a word start ("  a") is in a good share of all
    keys, and so is any pair of digits at a word's end (a hundredth of all phones)."""
    runs, start = [], None  # (run, whether a boundary is beside it)
    for i, ch in enumerate(literal + "\x00"):
        word = ch.isalnum() and (ch.isascii() or han_words)
        if word and start is None:
            start = i
        elif not word and start is not None:
            runs.append((literal[start:i], start > 0 or i < len(literal)))
            start = None
    return any(len(run) >= 3 or len(run) == 2 and bounded and not run.isdigit() for run, bounded in runs)


def gather(field: str | None, how: str, text: str, need: int, skip: list[int], include_archived: bool):
    """The best ``need`` order rows of a rule not in ``skip``, or :data:`DENSE` or :data:`CROWDED`."""
    known = indexes()
    if field == "name" and how == "prefix" and _KEY_INDEX in known.names:
        where, args = _range(PG_SEARCH_KEY, MARKERS["name"] + text)
        return _few_sorted(where, args, PG_SEARCH_KEY, need, skip, include_archived)
    if field == "phone" and how == "suffix" and _TAIL_INDEX in known.names:
        where, args = _range(PG_SEARCH_PHONE_TAIL, text[::-1])
        return _few_sorted(where, args, PG_SEARCH_PHONE_TAIL, need, skip, include_archived)
    if field in _FIELD_INDEXES and how in ("exact", "prefix") and _FIELD_INDEXES[field] in known.names:
        column, value = PG_SEARCH_FIELD_SQL[field], MARKERS[field] + text
        where, args = (f"{column} = ?", [value]) if how == "exact" else _range(column, value)
        return _few_sorted(where, args, column, need, skip, include_archived)
    # The trigram index is asked for the text without the marker before it: pg_trgm would
    # make that a word start, whose trigrams ("  1", " 13": every phone) cost more to read
    # than the few keys they narrow; the rule itself is then tested on those keys.
    literal = core.literal(field, how, text).lstrip(_MARKER_CHARS)
    rule, args = _holds(field, how, text)
    narrowed = _narrowed(literal, known)
    if narrowed is None:
        return DENSE
    with _through_bitmap():
        return _capped(f"{narrowed[0]} AND {rule}", [*narrowed[1], *args], need, skip, include_archived)


def _narrowed(
    literal: str, known: Indexes, han: int = 1, key: str = "search_key"
) -> tuple[str, list[object]] | None:
    """The GIN test that narrows the keys (the column ``key``) holding ``literal``; None when none
    does. The index of Chinese characters serves a literal with at least ``han`` of them."""
    if PG_SEARCH_TRIGRAM in known.names and trigram_usable(literal, known.han_words):
        return f"{key} LIKE ? ESCAPE '\\'", [f"%{core.escape(literal)}%"]
    chars = sorted(set(literal) - _ASCII)
    if _HAN_INDEX in known.names and chars and len(chars) >= han:
        return f"{pg_search_han(key)} @> ?::text[]", [chars]
    return None


def narrowing(texts: list[str], key: str = "search_key") -> tuple[list[str], list[object]]:
    """The GIN tests that narrow the keys (the column ``key``) holding every one of ``texts``:
    one for each an index narrows; and their parameters. For a query in an order of its own
    (the customer list): the planner weighs reading just those keys (a bitmap of each, ANDed),
    sorted, against walking its order's index, by how many it expects, which the GIN statistics
    tell it well enough (a tenth of all keys hold 王, a few thousand 王丽)."""
    known = indexes()
    narrowed = [found for found in (_narrowed(text, known, key=key) for text in texts) if found]
    return [sql for sql, _ in narrowed], [arg for _, args in narrowed for arg in args]


def any_holds(rules: list[tuple[str | None, str]], text: str) -> tuple[str, list[object]]:
    """SQL testing whether a key holds any of the rules (no index serves it)."""
    tests = [_holds(field, how, text) for field, how in rules]
    return " OR ".join(sql for sql, _ in tests), [arg for _, args in tests for arg in args]


def holding_all(first: str, others: list[str], include_archived: bool):
    """The order rows of the keys holding ``first`` and every one of ``others`` (at most
    :data:`CAP`), through the GIN index that narrows one of them; :data:`DENSE` when none
    does or more keys hold them. One Chinese character is a surname, mostly: a common one
    (more than :data:`CAP` names start with it, up to a tenth of all keys) costs more to read
    in the index than walking the keys most recent first, where the other words soon narrow
    it; a rare one is read there."""
    known = indexes()
    texts = [first, *others]
    narrowed = next((found for found in (_narrowing(text, known) for text in texts) if found), None)
    if narrowed is None:
        return DENSE
    tests = " AND ".join(["strpos(search_key, ?) > 0"] * len(texts))
    with _through_bitmap():
        return _capped(f"{narrowed[0]} AND {tests}", [*narrowed[1], *texts], CAP, [], include_archived)


def _narrowing(text: str, known: Indexes) -> tuple[str, list[object]] | None:
    """:func:`_narrowed`, but not for one common Chinese character (see :func:`holding_all`)."""
    found = _narrowed(text, known, han=2)
    if found or _KEY_INDEX not in known.names or len(set(text) - _ASCII) != 1:
        return found
    where, args = _range(PG_SEARCH_KEY, MARKERS["name"] + next(iter(set(text) - _ASCII)))
    names = f"SELECT 1 FROM customer WHERE {where} ORDER BY {PG_SEARCH_KEY} LIMIT ?"
    sql = f"SELECT count(*) FROM ({names}) AS names"
    if database.execute_sql(sql, [*args, CAP + 1]).fetchone()[0] > CAP:
        return None
    return _narrowed(text, known)


def count(texts: list[str], cap: int, include_archived: bool) -> int | None:
    """How many keys hold every one of ``texts``, at most ``cap`` + 1; None when no
    index narrows any of them."""
    tests, args = narrowing(texts)
    if not tests:
        return None
    tests += ["strpos(search_key, ?) > 0"] * len(texts)
    args += list(texts)
    where = f"{' AND '.join(tests)} AND {_flags(include_archived)}"
    sql = f"SELECT count(*) FROM (SELECT 1 FROM customer WHERE {where} LIMIT ?) AS hits"
    with _through_bitmap():
        return database.execute_sql(sql, [*args, cap + 1]).fetchone()[0]


@contextmanager
def _through_bitmap():
    """A GIN index is read whole into a bitmap, then the table; the planner's guess of how
    many keys a pattern holds comes from a sample of them and can be far too high, and
    then with the cap it would rather read the table or the key index until enough match:
    all of it, when fewer do. For the block, only the bitmap is allowed (in a transaction
    of its own, or a savepoint of the caller's, put back after)."""
    db = database.obj
    nested = db.in_transaction()
    with db.atomic():
        saved = (
            db.execute_sql(_READ_SCANS).fetchone() if nested else None
        )  # a savepoint's settings outlive it
        db.execute_sql(_SCANS_OFF)
        yield
        if saved:
            db.execute_sql(_SCANS_BACK, list(saved))


def _holds(field: str | None, how: str, text: str) -> tuple[str, list[object]]:
    """SQL testing one rule on a key, which no index serves (strpos, not LIKE)."""
    if field is not None and how == "contains":
        return f"strpos({pg_search_field_sql(ord(MARKERS[field]))}, ?) > 0", [text]
    return "strpos(search_key, ?) > 0", [core.literal(field, how, text)]


def _range(column: str, value: str) -> tuple[str, list[object]]:
    """The values starting with ``value``."""
    upper = core.after(value)
    if upper is None:
        return f"{column} >= ?", [value]
    return f"{column} >= ? AND {column} < ?", [value, upper]


def _flags(include_archived: bool) -> str:
    return "NOT erased" if include_archived else "NOT erased AND NOT archived"


def _conditions(where: str, skip: list[int], include_archived: bool) -> tuple[str, list[object]]:
    others = f" AND id NOT IN ({', '.join('?' * len(skip))})" if skip else ""
    return f"{where} AND {_flags(include_archived)}{others}", list(skip)


def _few_sorted(where: str, args: list[object], column: str, need: int, skip, include_archived: bool):
    """Through a b-tree of ``column``: its matches counted there, in its order so the count
    stops past :data:`CAP` (the entries hold the flags: the table is not read), then the
    best ``need`` of them; :data:`CROWDED` when there are more."""
    counted = f"{where} AND {_flags(include_archived)}"
    sql = f"SELECT count(*) FROM (SELECT 1 FROM customer WHERE {counted} ORDER BY {column} LIMIT ?) AS hits"
    found = database.execute_sql(sql, [*args, CAP + 1]).fetchone()[0]
    if found > CAP:
        return CROWDED
    if not found:
        return []
    where, params = _conditions(where, skip, include_archived)
    return search_order.best(
        f"SELECT {search_order.columns()} FROM customer WHERE {where}", [*args, *params], need
    )


def _capped(where: str, args: list[object], need: int, skip: list[int], include_archived: bool):
    """The best ``need`` of up to :data:`CAP` matches through a GIN index; :data:`CROWDED` when
    there are more."""
    where, params = _conditions(where, skip, include_archived)
    sql = (
        f"SELECT *, count(*) OVER () FROM (SELECT {search_order.columns()} FROM customer WHERE {where}"
        f" LIMIT ?) AS hits {search_order.order_read()} LIMIT ?"
    )
    rows = database.execute_sql(sql, [*args, *params, CAP + 1, need]).fetchall()
    if rows and rows[0][-1] > CAP:
        return CROWDED
    return search_order.order_rows(row[:-1] for row in rows)
