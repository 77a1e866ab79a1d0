"""Search as you type (SPEC 1 and 7): by any part of the phone (often the last 4
digits), a name part (one Chinese character is enough), pinyin, initials,
code or WeChat id.

Everything searchable lives in one lowercase column, ``Customer.search_key``
(see :func:`crm.pinyin.search_key`), each field after its own marker character.

Ranking: an exact code or phone first (found through their unique indexes),
then a phone tail, name prefix, pinyin or initials, code or WeChat prefix,
then any other substring; by name (key order) within a rank. Tiers are read
in rank order, each cut at what is still needed, so a dense tier costs
little and a tier that fills the limit ends the search.

On SQLite a tier reads its rules through indexes (see :mod:`crm.models`): a
name prefix is a range of the key index, a pinyin or initials prefix or exact
value a range of that field's index, and any other rule comes from the
trigram table: its text with the markers around it ("5678" + the code marker
is a phone tail) as a phrase from three characters, one or two characters as
the trigrams that start with them. A rule found in more than :data:`FTS_CAP`
keys is dense and read in key order instead, which soon has what is needed.
Only one ASCII letter or digit has no index (a good share of all keys hold
it): one ``LIKE '%term%'`` scan of the key index, ranked in Python when it has
fewer than :data:`CANDIDATES` matches and read tier by tier in key order when
it is that broad. PostgreSQL has indexes of its own for each rule, read by
:mod:`crm.services.search_pg`. Key order is code point order on both engines
(``COLLATE "C"`` on PostgreSQL, whatever the server's collation), so they rank alike.
"""

from __future__ import annotations

import enum
import re
import weakref
from dataclasses import dataclass

import peewee

from crm.db import database
from crm.errors import InvalidPhone
from crm.levels import LEVELS
from crm.models import SEARCH_FIELD_INDEXES, SEARCH_FIELD_SQL, SEARCH_FTS, SEARCH_FTS_TERMS
from crm.phones import display_phone, normalize_phone
from crm.pinyin import KEY_FIELDS, MARKERS, clean_term
from crm.services import settings
from crm.services.search_keys import NEXT, after, escape
from crm.services.search_keys import literal as rule_literal


@dataclass(frozen=True)
class SearchHit:
    id: int
    code: str
    name: str
    phone_display: str
    level: int
    archived: bool
    match: str  # "code", "phone", "phone_tail", "name", "pinyin", "initials" or "wechat"
    wechat: str = ""  # the WeChat id (shown when it is what matched)

    @property
    def level_key(self) -> str:
        return LEVELS[self.level]


class Term(enum.Flag):
    """The kinds of search term, each served by its own rules."""

    DIGITS = enum.auto()  # a phone or a code
    HAN = enum.auto()  # Chinese characters only occur in the name
    LATIN = enum.auto()  # two or more letters and digits: pinyin also covers Latin names
    SYMBOLS = enum.auto()  # Latin with other symbols: pinyin and initials hold none
    ONE_LETTER = enum.auto()


# The search rules, best first: (rank, what matched, field, how, the kinds of term it serves).
# The first rule that holds decides; a hit no rule names is a plain substring
# (SUBSTRING_RANK). A rule serves only the kinds of term it can hold for, because every
# rule costs a LIKE per row when a tier has to scan everything ("Anna Lee" has the pinyin
# "annalee", so Latin names need no rules of their own). For one letter a pinyin starts with
# it exactly when the initials do, and an exact match of a single letter is not worth a tier
# of its own. A name prefix includes the exact name, which sorts first in the key.
Rule = tuple[int, str, str, str]
_D, _H, _L, _S, _1 = Term.DIGITS, Term.HAN, Term.LATIN, Term.SYMBOLS, Term.ONE_LETTER
_RULES: tuple[tuple[int, str, str, str, Term], ...] = (
    (0, "code", "code", "exact", _D | _H | _L | _S | _1),
    (0, "phone", "phone", "exact", _D),
    (1, "phone_tail", "phone", "suffix", _D),
    (1, "wechat", "wechat", "exact", _L | _S),
    (2, "name", "name", "prefix", _H),
    (2, "initials", "initials", "exact", _L),
    (2, "pinyin", "pinyin", "exact", _L),
    (3, "phone", "phone", "prefix", _D),
    (3, "pinyin", "pinyin", "prefix", _L | _1),
    (3, "initials", "initials", "prefix", _L),
    (4, "code", "code", "prefix", _D | _L | _S | _1),
    (4, "name", "name", "contains", _H),
    (4, "wechat", "wechat", "prefix", _L | _S | _1),
)


def _serving(kind: Term) -> tuple[Rule, ...]:
    return tuple(rule[:4] for rule in _RULES if kind in rule[4])


DIGIT_RULES, HAN_RULES, LATIN_RULES = _serving(_D), _serving(_H), _serving(_L)
_SYMBOL_RULES, _ONE_LETTER_RULES = _serving(_S), _serving(_1)
SUBSTRING_RANK = 5
# Up to this many matches are ranked in Python after one scan; more make a broad term.
CANDIDATES = 3000
# A rule with more trigram matches than this is dense: a key-order scan finds
# what is needed sooner than sorting them all.
FTS_CAP = 500
# One or two characters that start more distinct trigrams than this are read as dense.
MAX_TRIGRAMS = 200

_PHONE_LIKE = re.compile(r"^\+?[0-9\-().]*[0-9][0-9\-().]*$")


def normalize_term(term: str) -> str:
    """The term as the key stores it: lowercase, no spaces; a phone typed with
    ``+86``/``0086``, dashes or brackets becomes its national digits."""
    text = clean_term(term)
    if _PHONE_LIKE.match(text):
        digits = re.sub(r"\D", "", text)
        if text.startswith("+86") and len(digits) > 2:
            digits = digits[2:]
        elif text.startswith("0086") and len(digits) > 4:
            digits = digits[4:]
        text = digits
    return text


def rules_for(text: str) -> tuple[Rule, ...]:
    """The rules that can hold for this kind of term."""
    if text.isdigit():
        return DIGIT_RULES
    if not text.isascii():
        return HAN_RULES
    if not text.isalnum():
        return _SYMBOL_RULES
    if len(text) == 1:
        return _ONE_LETTER_RULES
    return LATIN_RULES


def _pattern(field: str, how: str, term: str) -> str:
    """The LIKE pattern of one rule on the whole key."""
    t = escape(term)
    start, end = MARKERS[field], NEXT[field]
    if how == "exact":
        return f"%{start}{t}{end}%"
    if how == "prefix":
        return f"%{start}{t}%"
    if how == "suffix":
        return f"%{t}{end}%"
    return f"%{start}%{t}%{end}%"  # contains, within the field: its end marker comes once


def _field(key: str, field: str) -> str:
    start = key.find(MARKERS[field])
    end = key.find(NEXT[field], start + 1)
    return key[start + 1 : end] if 0 <= start < end else ""


def _holds(key: str, field: str | None, how: str, text: str) -> bool:
    """Whether a stored key matches one rule; the same test as :func:`_pattern`.
    ``field`` None is the plain substring, anywhere in the key."""
    if field is None:
        return text in key
    start, end = MARKERS[field], NEXT[field]
    if how == "exact":
        return start + text + end in key
    if how == "prefix":
        return start + text in key
    if how == "suffix":
        return text + end in key
    return text in _field(key, field)


def classify(key: str, text: str) -> tuple[int, str]:
    """(rank, what matched) of a stored key for a normalised term."""
    for rank, label, field, how in rules_for(text):
        if _holds(key, field, how, text):
            return rank, label
    for field in KEY_FIELDS:
        if text in _field(key, field):
            return SUBSTRING_RANK, field
    return SUBSTRING_RANK, "name"


# --- queries ----------------------------------------------------------------


def _filters(include_archived: bool) -> tuple[str, list[object]]:
    p = database.param
    if include_archived:
        return f"erased = {p}", [False]
    return f"erased = {p} AND archived = {p}", [False, False]


def _exact_ids(term: str, text: str, include_archived: bool) -> list[int]:
    """Customers whose code or phone is exactly the term, through the unique indexes."""
    p = database.param
    raw = term.strip()
    codes = sorted({raw, raw.upper(), raw.lower(), text, text.upper()} - {""})
    where = [f"code IN ({', '.join([p] * len(codes))})"]
    params: list[object] = list(codes)
    if text.isdigit() and len(text) >= 5:
        try:
            phone = normalize_phone(raw, settings.get("phone_region"))
        except InvalidPhone:
            phone = None
        if phone is not None:
            where.append(f"phone = {p}")
            params.append(phone)
    flags, flag_params = _filters(include_archived)
    sql = f"SELECT id FROM customer WHERE ({' OR '.join(where)}) AND {flags} ORDER BY {_key_order()}"
    return [row[0] for row in database.execute_sql(sql, params + flag_params).fetchall()]


def _not_in(skip: list[int]) -> tuple[str, list[object]]:
    if not skip:
        return "", []
    return f" AND id NOT IN ({', '.join([database.param] * len(skip))})", list(skip)


def _key() -> str:
    """The key in code point order: SQLite's own; on PostgreSQL the "C" collation, that of
    its search indexes, whatever the server's."""
    return "search_key" if isinstance(database.obj, peewee.SqliteDatabase) else 'search_key COLLATE "C"'


def _key_order() -> str:
    return f"{_key()}, id"


def _by_key() -> str:
    """On SQLite, scan the narrow key index: the planner would take any index
    holding the key and the flags, and the field indexes are wider."""
    indexes = _indexes()
    return f" INDEXED BY {_RANGE_INDEXES['name']}" if indexes and "name" in indexes.ranges else ""


def _candidates(text: str, include_archived: bool, cap: int, skip: list[int]) -> list[tuple[int, str]]:
    """Up to ``cap`` matching (id, key) not in ``skip``, in no particular order."""
    p = database.param
    flags, params = _filters(include_archived)
    others, skipped = _not_in(skip)
    sql = (
        f"SELECT id, search_key FROM customer{_by_key()}"
        f" WHERE search_key LIKE {p} ESCAPE '\\' AND {flags}{others} LIMIT {p}"
    )
    return database.execute_sql(sql, [f"%{escape(text)}%", *params, *skipped, cap]).fetchall()


def _scan(patterns: list[str], skip: list[int], include_archived: bool, need: int) -> list[tuple[str, int]]:
    """(key, id) of keys matching any of ``patterns``, in key (name) order, at most ``need``."""
    p = database.param
    flags, params = _filters(include_archived)
    like = " OR ".join(f"{_key()} LIKE {p} ESCAPE '\\'" for _ in patterns)
    others, skipped = _not_in(skip)
    sql = (
        f"SELECT search_key, id FROM customer{_by_key()} WHERE ({like}) AND {flags}{others}"
        f" ORDER BY {_key_order()} LIMIT {p}"
    )
    return database.execute_sql(sql, [*patterns, *params, *skipped, need]).fetchall()


# --- the SQLite indexes (crm.models) --------------------------------------------


@dataclass(frozen=True)
class _Indexes:
    ranges: frozenset[str]  # fields whose prefix is an index range ("name" is the key's own index)
    trigram: bool


_INDEXES: weakref.WeakKeyDictionary[peewee.Database, _Indexes] = weakref.WeakKeyDictionary()
_RANGE_INDEXES = {"name": "customer_search", **SEARCH_FIELD_INDEXES}
_RANGE_SQL = {"name": "search_key", **SEARCH_FIELD_SQL}
# What an index says of a rule that matches too much to sort: read it in key order.
_DENSE = object()


def _indexes() -> _Indexes | None:
    """The search indexes of the open database; None on PostgreSQL."""
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase):
        return None
    known = _INDEXES.get(db)
    if known is None:
        names = {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master").fetchall()}
        ranges = frozenset(field for field, index in _RANGE_INDEXES.items() if index in names)
        known = _INDEXES[db] = _Indexes(ranges, {SEARCH_FTS, SEARCH_FTS_TERMS} <= names)
    return known


def _range(field: str, how: str, text: str, need: int, skip: list[int], include_archived: bool):
    """(key, id) of a field prefix or exact field, as one index range, at most ``need`` in key order."""
    column = _RANGE_SQL[field]
    value = MARKERS[field] + text  # the name is the start of the key: its prefix is the key's
    if how == "exact":
        where, args = f"{column} = ?", [value]
    else:
        upper = after(value)
        where, args = f"{column} >= ?", [value]
        if upper is not None:
            where, args = f"{where} AND {column} < ?", [value, upper]
    flags, params = _filters(include_archived)
    others, skipped = _not_in(skip)
    sql = (
        f"SELECT search_key, id FROM customer INDEXED BY {_RANGE_INDEXES[field]}"
        f" WHERE {where} AND {flags}{others} ORDER BY search_key, id LIMIT ?"
    )
    return database.execute_sql(sql, [*args, *params, *skipped, need]).fetchall()


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _match(literal: str) -> str | None:
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


def _trigram(
    literal: str, rule: tuple[str | None, str], text: str, need: int, skip: list[int], include_archived: bool
):
    """(key, id) of a rule through the trigram table, at most ``need`` in key
    order; :data:`_DENSE` when ``literal`` occurs in more than :data:`FTS_CAP` keys."""
    query = _match(literal)
    if query is None:
        return _DENSE
    if not query:
        return []
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {SEARCH_FTS} WHERE {SEARCH_FTS} MATCH ? LIMIT ?)"
    if database.execute_sql(sql, [query, FTS_CAP + 1]).fetchone()[0] > FTS_CAP:
        return _DENSE
    flags, params = _filters(include_archived)
    sql = (
        "SELECT search_key, id FROM customer"
        f" WHERE id IN (SELECT rowid FROM {SEARCH_FTS} WHERE {SEARCH_FTS} MATCH ?) AND {flags}"
    )
    skipped = set(skip)
    field, how = rule
    rows = database.execute_sql(sql, [query, *params]).fetchall()
    return sorted(row for row in rows if row[1] not in skipped and _holds(row[0], field, how, text))[:need]


def _indexed(field: str | None, how: str, text: str, need: int, skip: list[int], include_archived: bool):
    """A rule's matches through an index, as :func:`_scan` gives them; :data:`_DENSE`
    when the index finds too many to sort; None when no index serves the rule. On
    PostgreSQL always its matches (:mod:`crm.services.search_pg`)."""
    if not isinstance(database.obj, peewee.SqliteDatabase):
        from crm.services import search_pg

        return search_pg.indexed(field, how, text, need, skip, include_archived)
    indexes = _indexes()
    if indexes is None:
        return None
    if field in indexes.ranges and (how == "prefix" or how == "exact" and field != "name"):
        return _range(field, how, text, need, skip, include_archived)
    literal = rule_literal(field, how, text)
    # One ASCII letter or digit is in a good share of all keys and starts too
    # many trigrams to be worth reading them.
    if indexes.trigram and (len(literal) >= 2 or not (literal.isascii() and literal.isalnum())):
        return _trigram(literal, (field, how), text, need, skip, include_archived)
    return None


# --- ranking ---------------------------------------------------------------------


def _tiers(text: str) -> list[list[tuple[str | None, str]]]:
    """The (field, how) rules of each rank after the exact ones, best rank first;
    the last tier is the plain substring (field None)."""
    rules = rules_for(text)
    ranks = sorted({r for r, *_ in rules if r > 0})
    return [[(field, how) for r, _, field, how in rules if r == rank] for rank in ranks] + [
        [(None, "contains")]
    ]


def _ranked_ids(term: str, text: str, limit: int, include_archived: bool) -> list[int]:
    found = _exact_ids(term, text, include_archived)[:limit]
    # Tier by tier, each cut at what is still needed. A tier that fills the limit
    # ends the search, so every tier read before it was read whole and ``found``
    # holds all of its rows.
    tiers = _tiers(text)
    checked_rest = False
    for tier in tiers:
        need = limit - len(found)
        if need <= 0:
            break
        parts, scan = [], []
        for field, how in tier:
            got = _indexed(field, how, text, need, found, include_archived)
            if got is None and not checked_rest and tier is not tiers[-1]:
                # No index serves this rule: one scan for every match not found yet
                # (in the last tier, the substring, its key-order scan is that scan).
                # Few of them: rank them all in Python; the rest of this tier and
                # every later one is among them.
                rest = _candidates(text, include_archived, CANDIDATES, found)
                if len(rest) < CANDIDATES:
                    ranked = sorted((classify(key, text)[0], key, cid) for cid, key in rest)
                    return found + [cid for _, _, cid in ranked[:need]]
                checked_rest = True  # a broad term: its tiers are dense enough to read in key order
            if got is None or got is _DENSE:
                scan.append(_pattern(field, how, text) if field else f"%{escape(text)}%")
            else:
                parts.append(got)
        if scan:
            parts.append(_scan(scan, found, include_archived, need))
        # One part keeps the database's order; several are merged in code point
        # order, which is the same.
        rows = parts[0] if len(parts) == 1 else sorted(set().union(*parts))
        found += [cid for _, cid in rows[:need]]
    return found


def search(term: str, limit: int = 50, include_archived: bool = False) -> list[SearchHit]:
    """Customers matching ``term``, best first, then by name. Erased customers
    never; archived ones only when asked."""
    text = normalize_term(term)
    if not text or limit <= 0:
        return []
    ids = _ranked_ids(term, text, int(limit), include_archived)
    if not ids:
        return []
    p = database.param
    sql = (
        "SELECT id, code, name, phone, level, archived, search_key, wechat FROM customer "
        f"WHERE id IN ({', '.join([p] * len(ids))})"
    )
    rows = {row[0]: row for row in database.execute_sql(sql, ids).fetchall()}
    region = settings.get("phone_region")
    hits = []
    for cid in ids:
        _, code, name, phone, level, archived, key, wechat = rows[cid]
        hits.append(
            SearchHit(
                id=cid,
                code=code,
                name=name,
                phone_display=display_phone(phone, region),
                level=level,
                archived=bool(archived),
                match=classify(key, text)[1],
                wechat=wechat or "",
            )
        )
    return hits
