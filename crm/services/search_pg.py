"""Search as you type on PostgreSQL: one search rule read through the indexes of
:data:`crm.models.PG_SEARCH_INDEXES` and the trigram index (SPEC 7: a keystroke under
50 ms with 1,000,000 customers, where reading every key takes a second).

:mod:`crm.services.search` decides the tiers, their order and the ranking; here a rule
(a field, how it matches, the term) becomes the keys that hold it, at most as many as
are still needed, in key order (``COLLATE "C"``, code point order as on SQLite, whatever
the server's collation):

- a name prefix is a range of the key index, already in key order;
- one pinyin or initials value (exact) is a range of that field's index, whose entries
  carry the key after the value: in key order too, so a common one ("wl") costs only
  what is shown;
- a prefix of the pinyin, initials, code or WeChat id is a range of that field's index,
  and a phone's tail one of the index of phones read backwards;
- any other rule (a phone prefix, part of a name, any substring) comes from the
  trigram index when its text has a run pg_trgm can index (three characters, or two
  letters beside a field marker), else from the index of the key's Chinese characters
  when it holds some.

A rule held by at most :data:`CAP` keys is sorted whole. More make it dense, and so are
one or two letters or digits without a marker beside them (no index narrows them: they
are in a good share of all keys). Most dense rules are spread evenly in key order, so
reading the key index in order soon finds what is needed. A pinyin prefix is not: its
keys sit together where their surname sorts ("zhao" is 赵, after 周, 张, 曾 and 朱, a
tenth of a shop), and its range of the pinyin index is as big. It is read surname by
surname: the surnames (the key's first character) whose keys have a pinyin with that
prefix, found in order through an index of the pinyin's first letter, the first
character and the pinyin, then each surname's keys, sorted when few, else in key order.
"""

from __future__ import annotations

import weakref
from contextlib import contextmanager
from dataclasses import dataclass

import peewee

from crm.db import database
from crm.models import (
    PG_SEARCH_FIELD_SQL,
    PG_SEARCH_HAN,
    PG_SEARCH_INDEXES,
    PG_SEARCH_KEY,
    PG_SEARCH_PHONE_TAIL,
    PG_SEARCH_SURNAME,
    PG_SEARCH_TRIGRAM,
    pg_search_field_sql,
)
from crm.pinyin import MARKERS
from crm.services import search_keys as core

# A rule held by more keys than this is dense: reading it in key order finds what is
# needed sooner than gathering them all (a key read from the table costs about twenty
# times one read in order from the key index).
CAP = 2000
# Surnames looked up at a time in a dense pinyin prefix: most need one.
SURNAMES_AT_ONCE = 4
# A surname with more keys of the prefix than this is read in key order (they are at
# least a hundredth of a surname's keys in a big shop); fewer are sorted.
SURNAME_CAP = 500
_DENSE = object()
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
_SURNAME_INDEX, _HAN_INDEX = "customer_search_surname", "customer_search_han"
assert {*_FIELD_INDEXES.values(), _KEY_INDEX, _TAIL_INDEX, _SURNAME_INDEX, _HAN_INDEX} <= set(
    PG_SEARCH_INDEXES
)


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


def indexed(field: str | None, how: str, text: str, need: int, skip: list[int], include_archived: bool):
    """A rule's matches (key, id) not in ``skip``, at most ``need``, in key order."""
    rows = _through_index(field, how, text, need, skip, include_archived)
    if rows is _DENSE:
        return _in_key_order(field, how, text, need, skip, include_archived)
    return rows


def _through_index(
    field: str | None, how: str, text: str, need: int, skip: list[int], include_archived: bool
):
    known = indexes()
    if field == "name" and how == "prefix" and _KEY_INDEX in known.names:
        return _ordered(*_range(PG_SEARCH_KEY, MARKERS["name"] + text), need, skip, include_archived)
    if field == "phone" and how == "suffix" and _TAIL_INDEX in known.names:
        where, args = _range(PG_SEARCH_PHONE_TAIL, text[::-1])
        return _few_sorted(where, args, PG_SEARCH_PHONE_TAIL, CAP, need, skip, include_archived)
    if field in _FIELD_INDEXES and how in ("exact", "prefix") and _FIELD_INDEXES[field] in known.names:
        column, value = PG_SEARCH_FIELD_SQL[field], MARKERS[field] + text
        if how == "exact":  # in key order in the index of pinyin or initials; a WeChat id is someone's
            sort = _ordered if field in ("pinyin", "initials") else _sorted
            return sort(f"{column} = ?", [value], need, skip, include_archived)
        where, args = _range(column, value)
        # a pinyin prefix held by many is read surname by surname: no need to count far
        cap = SURNAME_CAP if field == "pinyin" else CAP
        rows = _few_sorted(where, args, column, cap, need, skip, include_archived)
        if rows is not _DENSE:
            return rows
        if field == "pinyin" and _SURNAME_INDEX in known.names:
            return _by_surname(text, need, skip, include_archived)
        if field == "initials":  # a common initials prefix sits with its surnames too: sort them
            return _sorted(where, args, need, skip, include_archived)
        return _DENSE
    # The trigram index is asked for the text without the marker before it: pg_trgm would
    # make that a word start, whose trigrams ("  1", " 13": every phone) cost more to read
    # than the few keys they narrow; the rule itself is then tested on those keys.
    literal = core.literal(field, how, text).lstrip(_MARKER_CHARS)
    rule, args = _holds(field, how, text)
    if PG_SEARCH_TRIGRAM in known.names and trigram_usable(literal, known.han_words):
        where, args = f"search_key LIKE ? ESCAPE '\\' AND {rule}", [f"%{core.escape(literal)}%", *args]
    elif _HAN_INDEX in known.names and not literal.isascii():
        where, args = f"{PG_SEARCH_HAN} @> ?::text[] AND {rule}", [sorted(set(literal) - _ASCII), *args]
    else:
        return _DENSE
    with _through_bitmap():
        return _capped(where, args, need, skip, include_archived)


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


def _in_key_order(field: str | None, how: str, text: str, need: int, skip: list[int], include_archived: bool):
    """The key index read in order, each key tested with :func:`_holds`: no index serves
    that test, so the planner reads in order and stops when enough are found (with LIKE it
    might gather a dense rule whole through the trigram index to sort it, or start
    parallel workers for what takes a millisecond, from a poor guess of how many match)."""
    return _ordered(*_holds(field, how, text), need, skip, include_archived)


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


def _ordered(where: str, args: list[object], need: int, skip: list[int], include_archived: bool):
    """Through an index whose order is the key's (the key, or one value of a field)."""
    where, params = _conditions(where, skip, include_archived)
    sql = f"SELECT search_key, id FROM customer WHERE {where} ORDER BY {PG_SEARCH_KEY}, id LIMIT ?"
    return database.execute_sql(sql, [*args, *params, need]).fetchall()


def _sorted(where: str, args: list[object], need: int, skip: list[int], include_archived: bool):
    """Every match through the rule's own index, sorted (OFFSET 0 keeps the planner from
    reading the key index in order instead, which would pass over every other key first)."""
    where, params = _conditions(where, skip, include_archived)
    sql = (
        f"SELECT search_key, id FROM (SELECT search_key, id FROM customer WHERE {where} OFFSET 0) AS hits"
        f" ORDER BY {PG_SEARCH_KEY}, id LIMIT ?"
    )
    return database.execute_sql(sql, [*args, *params, need]).fetchall()


def _few_sorted(where: str, args: list[object], column: str, cap: int, need: int, skip, include_archived):
    """Through a b-tree of ``column``: its matches counted there, in its order so the count
    stops past ``cap`` (the entries hold the flags: the table is not read), then sorted when
    there are no more; :data:`_DENSE` when there are."""
    counted = f"{where} AND {_flags(include_archived)}"
    sql = f"SELECT count(*) FROM (SELECT 1 FROM customer WHERE {counted} ORDER BY {column} LIMIT ?) AS hits"
    found = database.execute_sql(sql, [*args, cap + 1]).fetchone()[0]
    if found > cap:
        return _DENSE
    return _sorted(where, args, need, skip, include_archived) if found else []


def _capped(where: str, args: list[object], need: int, skip: list[int], include_archived: bool):
    """Up to :data:`CAP` matches through a GIN index, sorted; :data:`_DENSE` when there are more."""
    where, params = _conditions(where, skip, include_archived)
    sql = (
        "SELECT search_key, id, count(*) OVER () FROM"
        f" (SELECT search_key, id FROM customer WHERE {where} LIMIT ?) AS hits"
        f" ORDER BY {PG_SEARCH_KEY}, id LIMIT ?"
    )
    rows = database.execute_sql(sql, [*args, *params, CAP + 1, need]).fetchall()
    if rows and rows[0][2] > CAP:
        return _DENSE
    return [(key, cid) for key, cid, _ in rows]


_LETTER, _FIRST, _PINYIN = (
    PG_SEARCH_SURNAME["letter"],
    PG_SEARCH_SURNAME["first"],
    PG_SEARCH_SURNAME["pinyin"],
)
# The first characters of the keys (surnames, mostly) after ``?``, in order, holding a key
# whose pinyin is in a range, with the least and greatest pinyin of that character's keys
# (of this first letter): two steps of the surname index per character, two more for those.
_SURNAME = f"{_LETTER} = ? AND {_FIRST} = surname.first AND {{flags}}"
_SURNAMES = f"""
WITH RECURSIVE surname(first) AS (
    SELECT min({_FIRST}) FROM customer WHERE {_LETTER} = ? AND {_FIRST} > ?
  UNION ALL
    SELECT (SELECT min({_FIRST}) FROM customer WHERE {_LETTER} = ? AND {_FIRST} > surname.first)
    FROM surname WHERE surname.first IS NOT NULL
)
SELECT first, (SELECT min({_PINYIN}) FROM customer WHERE {_SURNAME}),
    (SELECT max({_PINYIN}) FROM customer WHERE {_SURNAME})
FROM surname
WHERE first IS NOT NULL
    AND (SELECT min({_PINYIN}) FROM customer WHERE {_SURNAME} AND {_PINYIN} >= ?) {{below}}
LIMIT ?"""


def _by_surname(text: str, need: int, skip: list[int], include_archived: bool) -> list[tuple[str, int]]:
    """A dense pinyin prefix, surname by surname in key order."""
    upper = core.after(text)
    below = "< ?" if upper else "IS NOT NULL"
    sql = _SURNAMES.format(flags=_flags(include_archived), below=below)
    found: list[tuple[str, int]] = []
    after = ""
    while len(found) < need:
        letter = text[0]
        args = [
            letter,
            after,
            letter,
            letter,
            letter,
            letter,
            text,
            *([upper] if upper else []),
            SURNAMES_AT_ONCE,
        ]
        surnames = database.execute_sql(sql, args).fetchall()
        for first, least, greatest in surnames:
            every = least >= text and (upper is None or greatest < upper)
            found += _one_surname(first, text, every, need - len(found), skip, include_archived)
            if len(found) >= need:
                break
        if len(surnames) < SURNAMES_AT_ONCE:
            break
        after = surnames[-1][0]
    return found[:need]


def _one_surname(first: str, text: str, every: bool, need: int, skip: list[int], include_archived: bool):
    """The keys starting with ``first`` whose pinyin starts with ``text``, in key order:
    this surname's keys read in key order when ``every`` one of them (of this first
    letter) or many have such a pinyin, else sorted."""
    if not every:
        pinyin, args = _range(_PINYIN, text)
        where, args = f"{_LETTER} = ? AND {_FIRST} = ? AND {pinyin}", [text[0], first, *args]
        rows = _few_sorted(where, args, _PINYIN, SURNAME_CAP, need, skip, include_archived)
        if rows is not _DENSE:
            return rows
    # strpos, not the pinyin's range: no index serves it, so the key index is read in order
    keys, bounds = _range(PG_SEARCH_KEY, MARKERS["name"] + first)
    value = MARKERS["pinyin"] + text
    return _ordered(f"{keys} AND strpos(search_key, ?) > 0", [*bounds, value], need, skip, include_archived)
