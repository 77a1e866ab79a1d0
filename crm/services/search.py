"""Search as you type (SPEC 1 and 7): by any part of the phone (often the last 4
digits), a name part (one Chinese character is enough), pinyin, initials,
code or WeChat id.

Everything searchable lives in one lowercase column, ``Customer.search_key``
(see :func:`crm.pinyin.search_key`), each field after its own marker character.

Ranking: an exact code or phone first (found through their unique indexes),
then a phone tail, name prefix, pinyin or initials, code or WeChat prefix,
then any other substring. Within a rank, the customer most likely at the
counter first: the most recently seen (last purchase, or joining day), then the
regulars, then by name (:mod:`crm.services.search_order`). Tiers are read in
rank order, each cut at what is still needed, so a tier that fills the limit
ends the search.

A tier's rules are read through indexes, every match of a rule when few keys
hold it (:mod:`crm.services.search_sqlite`, :mod:`crm.services.search_pg`), the
best of them sorted; a dense rule (a common surname, one letter) is one walk of
the index in the counter order (migration 0014), which holds the key, tested
there until enough match. Without an index for a rule (one ASCII letter or digit
on SQLite), one ``LIKE '%term%'`` scan of that index is ranked in Python when it
has fewer than :data:`CANDIDATES` matches, and read tier by tier when broader.

Several words of different kinds (a surname and digits: ``王 8895``, ``8895 王``,
``wyy 8895``) narrow each other (:mod:`crm.services.search_parts`), and
:func:`find` also says how many matched when only some are shown.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

import peewee

from crm.db import database
from crm.errors import InvalidPhone
from crm.levels import LEVELS
from crm.models import SEARCH_RECENT
from crm.phones import display_phone, normalize_phone
from crm.pinyin import KEY_FIELDS, MARKERS, clean_term
from crm.services import search_order, search_parts, search_sqlite, settings
from crm.services.search_keys import NEXT, escape


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


def words(term: str) -> list[str]:
    """The words a customer's key holds, each somewhere, when they match ``term``: the parts of
    different kinds typed together (``王 8895``: :mod:`crm.services.search_parts`), else the
    whole term as the key stores it; [] for a term of nothing. The counter and the customer
    list read a term so."""
    found = search_parts.parts(term, normalize_term)
    if found:
        return found
    text = normalize_term(term)
    return [text] if text else []


def matching(term: str, table: str = "customer") -> tuple[str, list[object]] | None:
    """SQL true for a customer (a row of ``table``, a name or an alias) whose key matches ``term``
    as at the counter: it holds each of the term's :func:`words`; and its parameters. None for a
    term of nothing. For a query in an order of its own (the customer list), with what narrows
    the words through the counter's indexes: on PostgreSQL their GIN tests, whose statistics let
    the planner weigh reading just those keys against walking that order; on SQLite the very
    customers, when the trigram table finds few (walking the order past every other key would
    take 60 ms of 100,000)."""
    found = words(term)
    if not found:
        return None
    key = f"{table}.search_key"
    if isinstance(database.obj, peewee.SqliteDatabase):
        ids = search_parts.few_holders(found)
        if ids is None:
            return search_parts.holding(found, key)
        return (f"{table}.id IN ({', '.join(['?'] * len(ids))})", list(ids)) if ids else ("0 = 1", [])
    from crm.services import search_pg

    narrowed, args = search_pg.narrowing(found, key)
    test, test_args = search_parts.holding(found, key)
    return " AND ".join([*narrowed, test]), [*args, *test_args]


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


def _exact_ids(term: str, text: str, include_archived: bool) -> list[int]:
    """Customers whose code or phone is exactly the term, through the unique indexes."""
    raw = term.strip()
    codes = sorted({raw, raw.upper(), raw.lower(), text, text.upper()} - {""})
    where = [f"code IN ({', '.join(['?'] * len(codes))})"]
    params: list[object] = list(codes)
    if text.isdigit() and len(text) >= 5:
        try:
            phone = normalize_phone(raw, settings.get("phone_region"))
        except InvalidPhone:
            phone = None
        if phone is not None:
            where.append("phone = ?")
            params.append(phone)
    flags, flag_params = search_order.flags(include_archived)
    sql = f"SELECT {search_order.columns()} FROM customer WHERE ({' OR '.join(where)}) AND {flags}"
    rows = database.execute_sql(sql, params + flag_params).fetchall()
    return [row[-1] for row in sorted(search_order.order_rows(rows))]


def _candidates(text: str, include_archived: bool, cap: int, skip: list[int]):
    """Up to ``cap`` matching rows (of :func:`search_order.columns`) not in ``skip``, from
    the counter order's index, which holds them all (SQLite)."""
    flags, params = search_order.flags(include_archived)
    others, skipped = search_order.not_in(skip)
    sql = (
        f"SELECT {search_order.columns()} FROM customer INDEXED BY {SEARCH_RECENT}"
        f" WHERE search_key LIKE ? ESCAPE '\\' AND {flags}{others} LIMIT ?"
    )
    return database.execute_sql(sql, [f"%{escape(text)}%", *params, *skipped, cap]).fetchall()


def _gather(rule: tuple[str | None, str], text: str, need: int, skip: list[int], include_archived: bool):
    """The order rows of a rule through an index, every one or at least the best ``need``;
    :data:`search_sqlite.DENSE` when the index finds too many to sort, or how many it
    counted when it did (more than it sorts); None when no index serves the rule."""
    if not isinstance(database.obj, peewee.SqliteDatabase):
        from crm.services import search_pg

        got = search_pg.gather(*rule, text, need, skip, include_archived)
        if got is search_pg.CROWDED:
            return search_pg.CAP + 1
        return search_sqlite.DENSE if got is search_pg.DENSE else got
    known = search_sqlite.indexes()
    if known is None:
        return None
    return search_sqlite.gather(
        known, rule, text, lambda key: _holds(key, *rule, text), skip, include_archived
    )


def _recent(rules: list[tuple[str | None, str]], text: str, need: int, skip: list[int], include_archived):
    """The best ``need`` order rows of dense rules, read most recent first."""
    if isinstance(database.obj, peewee.SqliteDatabase):
        like = [_pattern(field, how, text) if field else f"%{escape(text)}%" for field, how in rules]
        where = " OR ".join("search_key LIKE ? ESCAPE '\\'" for _ in like)
        return search_order.recent(where, like, need, skip, include_archived)
    from crm.services import search_pg

    where, args = search_pg.any_holds(rules, text)
    return search_order.recent(where, args, need, skip, include_archived)


# --- ranking ---------------------------------------------------------------------


def _tiers(text: str) -> list[list[tuple[str | None, str]]]:
    """The (field, how) rules of each rank after the exact ones, best rank first;
    the last tier is the plain substring (field None)."""
    rules = rules_for(text)
    ranks = sorted({r for r, *_ in rules if r > 0})
    return [[(field, how) for r, _, field, how in rules if r == rank] for rank in ranks] + [
        [(None, "contains")]
    ]


def _ranked_ids(term: str, text: str, limit: int, include_archived: bool) -> tuple[list[int], int]:
    """The ids of the best ``limit`` matches; and how many keys an index counted holding one
    of the rules read, when it counted so many that the rule is dense (as many hold the term),
    else 0."""
    found = _exact_ids(term, text, include_archived)[:limit]
    crowded = 0
    # Tier by tier, each cut at what is still needed; a tier that fills the limit ends
    # the search. Within a tier, the counter order (crm.services.search_order).
    tiers = _tiers(text)
    checked_rest = False
    for tier in tiers:
        need = limit - len(found)
        if need <= 0:
            break
        parts, dense = [], []
        for rule in tier:
            got = _gather(rule, text, need, found, include_archived)
            if isinstance(got, int):  # counted, dense
                got, crowded = search_sqlite.DENSE, max(crowded, got)
            if got is None and not checked_rest and tier is not tiers[-1]:
                # No index serves this rule: one scan for every match not found yet.
                # Few of them: rank them all in Python; the rest of this tier and every
                # later one is among them.
                rest = _candidates(text, include_archived, CANDIDATES, found)
                if len(rest) < CANDIDATES:
                    ranked = sorted(
                        (classify(row[0], text)[0], order)
                        for row, order in zip(rest, search_order.order_rows(rest), strict=True)
                    )
                    return found + [order[-1] for _, order in ranked[:need]], crowded
                checked_rest = True  # a broad term: its tiers are dense enough to read most recent first
            if got is None or got is search_sqlite.DENSE:
                dense.append(rule)
            else:
                parts.append(got)
        if dense:
            parts.append(_recent(dense, text, need, found, include_archived))
        rows = sorted(set().union(*parts)) if len(parts) > 1 else sorted(parts[0])
        found += [row[-1] for row in rows[:need]]
    return found, crowded


# Matches are counted up to this many when only some are shown; past it, "more than".
COUNT_CAP = 1000


@dataclass(frozen=True)
class SearchResult:
    """What the counter shows: the best ``hits``; ``more`` when they are only some of the
    matches; ``total`` how many matched when known (counted up to :data:`COUNT_CAP`: a
    greater one means "more than" it), None when no index can count them cheaply."""

    hits: list[SearchHit]
    more: bool = False
    total: int | None = None


def find(term: str, limit: int = 50, include_archived: bool = False, count: bool = True) -> SearchResult:
    """Customers matching ``term``, best first (the module's ranking), and how many matched
    (unless not ``count``: then ``total`` is None when the list is cut). Erased customers
    never; archived ones only when asked."""
    found = words(term)
    if not found or limit <= 0:
        return SearchResult([])
    limit = int(limit)
    text = normalize_term(term)
    if len(found) > 1:
        rows, complete = search_parts.rows(found, limit, include_archived)
        if rows:
            ranked = sorted((sum(classify(row[2], part)[0] for part in found), row) for row in rows)
            ids = [row[-1] for _, row in ranked[:limit]]
            more = not complete or len(rows) > limit
            hits = _hits(ids, search_parts.anchor(found))
            return SearchResult(hits, more, len(rows) if complete else None)
    ids, crowded = _ranked_ids(term, text, limit, include_archived)
    if len(ids) < limit:
        return SearchResult(_hits(ids, text), False, len(ids))
    # counted past the limit too, so that a count past its cap still says the list was cut
    cap = max(COUNT_CAP, limit)
    if crowded > cap:
        total = crowded
    else:
        total = _count(text, cap, include_archived) if count else None
    if total is not None:
        total = max(total, len(ids))
    return SearchResult(_hits(ids, text), total is None or total > len(ids), total)


def search(term: str, limit: int = 50, include_archived: bool = False) -> list[SearchHit]:
    """The hits of :func:`find`, which need no count (a picker of customers)."""
    return find(term, limit, include_archived, count=False).hits


def _count(text: str, cap: int, include_archived: bool) -> int | None:
    """How many keys hold ``text`` (every rule's match does), up to ``cap`` + 1."""
    if isinstance(database.obj, peewee.SqliteDatabase):
        return search_sqlite.count(text, cap, include_archived)
    from crm.services import search_pg

    return search_pg.count([text], cap, include_archived)


def _hits(ids: list[int], text: str) -> list[SearchHit]:
    if not ids:
        return []
    sql = (
        "SELECT id, code, name, phone, level, archived, search_key, wechat FROM customer "
        f"WHERE id IN ({', '.join(['?'] * len(ids))})"
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
