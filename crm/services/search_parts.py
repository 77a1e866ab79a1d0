"""Words of different kinds typed together narrow each other: a surname or a name part with
digits (``王 8895``, ``8895 王``, ``王8895``), pinyin initials with digits (``wyy 8895``).

A term is split at spaces and where Chinese characters meet other text. Parts of one kind
are one term, as before (``138 1234 5678`` is a phone, ``Anna Lee`` a name, ``王 丽`` is
王丽); two kinds make a combined search. Each customer found holds every part somewhere in
their key; they are ranked by the sum of the parts' ranks (a name prefix with a phone tail
first), then in the counter order (:mod:`crm.services.search_order`).

The part that narrows most is read through an index (the longest run of digits: four
digits of a phone are held by a thousand keys of a million; else the longest part), with
every other part tested beside it, and every holder is ranked when the index finds no more
than its engine's cap (``search_sqlite.FTS_CAP``, ``search_pg.CAP``). Else (or when no
index narrows a part: one or two digits, a common surname) the ``limit`` best holders are
read most recent first through the counter order's index, and the count is not known.
"""

from __future__ import annotations

import re

import peewee

from crm.db import database
from crm.services import search_order, search_sqlite
from crm.services.search_keys import escape

_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(f"[{_HAN}]+|[^\\s{_HAN}]+")


def _kind(part: str) -> str:
    if part.isdigit():
        return "digits"
    return "latin" if part.isascii() else "han"


def parts(term: str, normalize) -> list[str]:
    """The normalised parts of a term when they are of two kinds or more; [] for one term."""
    found = [normalize(run) for run in _RUNS.findall(term)]
    found = [part for part in found if part]
    if len(found) < 2 or len({_kind(part) for part in found}) < 2:
        return []
    return found


def anchor(found: list[str]) -> str:
    """The part read through an index: the longest digits of three or more, else the longest."""
    digits = [part for part in found if part.isdigit() and len(part) >= 3]
    return max(digits or found, key=len)


def rows(found: list[str], limit: int, include_archived: bool) -> tuple[list, bool]:
    """The order rows of keys holding every part, and whether that is all of them: every
    one when an index finds few enough to rank, else the ``limit`` best in the counter order."""
    first = anchor(found)
    others = [part for part in found if part != first]
    if isinstance(database.obj, peewee.SqliteDatabase):
        got = _trigram(found, include_archived)
        if got is not search_sqlite.DENSE:
            return got, True
    else:
        from crm.services import search_pg

        got = search_pg.holding_all(first, others, include_archived)
        if got is not search_pg.DENSE and got is not search_pg.CROWDED:
            return got, True
    tests, args = holding(found)
    got = search_order.recent(tests, args, limit, [], include_archived)
    return got, len(got) < limit


# The customer list takes the holders of a term from the trigram table up to this many (their
# keys tested here: a few ms), where walking its order past every other key costs 60 ms of 100,000.
FEW_HOLDERS = 5000


def few_holders(found: list[str]) -> list[int] | None:
    """The ids of every customer whose key holds each of the words ``found``, when the trigram
    table reads them all (no more than :data:`FEW_HOLDERS` keys hold the words it narrows);
    None when more do, or on PostgreSQL."""
    if not isinstance(database.obj, peewee.SqliteDatabase):
        return None
    got = _trigram(found, True, FEW_HOLDERS)
    return None if got is search_sqlite.DENSE else sorted(row[-1] for row in got)


def _trigram(found: list[str], include_archived: bool, cap: int = search_sqlite.FTS_CAP):
    """The order rows of the keys holding every word, through the trigram table; DENSE when
    it finds more than ``cap``, or there is none."""
    known = search_sqlite.indexes()
    if not (known and known.trigram):
        return search_sqlite.DENSE

    def holds_all(key: str) -> bool:
        return all(word in key for word in found)

    return search_sqlite.trigram_all(found, holds_all, [], include_archived, cap)


def holding(found: list[str], key: str = "search_key") -> tuple[str, list[object]]:
    """SQL true for a key (the column ``key``) holding every one of the words ``found``
    somewhere, and its parameters: what a match is, at the counter and in the customer list."""
    if isinstance(database.obj, peewee.SqliteDatabase):
        return " AND ".join(f"{key} LIKE ? ESCAPE '\\'" for _ in found), [f"%{escape(w)}%" for w in found]
    return " AND ".join(f"strpos({key}, ?) > 0" for _ in found), list(found)
