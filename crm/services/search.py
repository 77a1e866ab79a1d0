"""Search as you type (SPEC 1 and 7): by any part of the phone (often the last 4
digits), a name part (one Chinese character is enough), pinyin, initials,
code or WeChat id.

Everything searchable lives in one lowercase column, ``Customer.search_key``
(see :func:`crm.pinyin.search_key`), each field after its own marker character.
SQLite's trigram index cannot serve 1–2 character terms, which are most
Chinese name searches, so every term is a ``LIKE '%term%'`` scan of that one
column; plain SQL, so the same statements run on PostgreSQL.

Ranking: an exact code or phone first (found through their unique indexes),
then a phone tail, name prefix, pinyin or initials, code or WeChat prefix,
then any other substring; by name within a rank. A term with up to
:data:`CANDIDATES` matches is ranked in Python after one scan. A broad term
(one letter, "13") is ranked tier by tier: each tier is read in key order,
which is name order, and stops as soon as it has what is still needed, so a
dense tier costs almost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crm.db import database
from crm.errors import InvalidPhone
from crm.levels import LEVELS
from crm.phones import display_phone, normalize_phone
from crm.pinyin import KEY_END, KEY_FIELDS, MARKERS, clean_term
from crm.services import settings


@dataclass(frozen=True)
class SearchHit:
    id: int
    code: str
    name: str
    phone_display: str
    level: int
    archived: bool
    match: str  # "code", "phone", "phone_tail", "name", "pinyin", "initials" or "wechat"

    @property
    def level_key(self) -> str:
        return LEVELS[self.level]


# (rank, what matched, field, how) for each kind of term. The first rule that
# holds decides; a hit no rule names is a plain substring (SUBSTRING_RANK).
# Only rules that can hold for the kind of term are listed, because every rule
# costs a LIKE per row when a tier has to scan everything: a string of digits
# is a phone or a code, Chinese characters only occur in the name, and pinyin
# also covers Latin names ("Anna Lee" has the pinyin "annalee"). A name prefix
# includes the exact name, which sorts first in the key.
Rule = tuple[int, str, str, str]
DIGIT_RULES: tuple[Rule, ...] = (
    (0, "code", "code", "exact"),
    (0, "phone", "phone", "exact"),
    (1, "phone_tail", "phone", "suffix"),
    (3, "phone", "phone", "prefix"),
    (4, "code", "code", "prefix"),
)
HAN_RULES: tuple[Rule, ...] = (
    (0, "code", "code", "exact"),
    (2, "name", "name", "prefix"),
    (4, "name", "name", "contains"),
)
LATIN_RULES: tuple[Rule, ...] = (
    (0, "code", "code", "exact"),
    (1, "wechat", "wechat", "exact"),
    (2, "initials", "initials", "exact"),
    (2, "pinyin", "pinyin", "exact"),
    (3, "pinyin", "pinyin", "prefix"),
    (3, "initials", "initials", "prefix"),
    (4, "code", "code", "prefix"),
    (4, "wechat", "wechat", "prefix"),
)
SUBSTRING_RANK = 5
# Up to this many matches are ranked in Python after one scan; more make a broad term.
CANDIDATES = 3000

_PHONE_LIKE = re.compile(r"^\+?[0-9\-().]*[0-9][0-9\-().]*$")
# The marker that closes each field: the next field's marker, or the key's end.
_NEXT = dict(zip(KEY_FIELDS, [MARKERS[f] for f in KEY_FIELDS[1:]] + [KEY_END], strict=True))


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


# Pinyin and initials hold letters and digits only.
_SYMBOL_RULES = tuple(rule for rule in LATIN_RULES if rule[2] not in ("pinyin", "initials"))
# One letter: a pinyin starts with it exactly when the initials do, and an
# exact match of a single letter is not worth a tier of its own.
_ONE_LETTER_RULES: tuple[Rule, ...] = (
    (0, "code", "code", "exact"),
    (3, "pinyin", "pinyin", "prefix"),
    (4, "code", "code", "prefix"),
    (4, "wechat", "wechat", "prefix"),
)


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


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _pattern(field: str, how: str, term: str) -> str:
    """The LIKE pattern of one rule on the whole key."""
    t = _escape(term)
    start, end = MARKERS[field], _NEXT[field]
    if how == "exact":
        return f"%{start}{t}{end}%"
    if how == "prefix":
        return f"%{start}{t}%"
    if how == "suffix":
        return f"%{t}{end}%"
    return f"%{start}%{t}%{end}%"  # contains, within the field: its end marker comes once


def _field(key: str, field: str) -> str:
    start = key.find(MARKERS[field])
    end = key.find(_NEXT[field], start + 1)
    return key[start + 1 : end] if 0 <= start < end else ""


def classify(key: str, text: str) -> tuple[int, str]:
    """(rank, what matched) of a stored key for a normalised term; the same
    tests as :func:`_pattern`, on the string."""
    for rank, label, field, how in rules_for(text):
        start, end = MARKERS[field], _NEXT[field]
        if how == "exact":
            holds = start + text + end in key
        elif how == "prefix":
            holds = start + text in key
        elif how == "suffix":
            holds = text + end in key
        else:
            holds = text in _field(key, field)
        if holds:
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
    sql = f"SELECT id FROM customer WHERE ({' OR '.join(where)}) AND {flags} ORDER BY search_key, id"
    return [row[0] for row in database.execute_sql(sql, params + flag_params).fetchall()]


def _candidates(text: str, include_archived: bool, cap: int) -> list[tuple[int, str]]:
    """Up to ``cap`` matching (id, key), in no particular order."""
    p = database.param
    flags, params = _filters(include_archived)
    sql = f"SELECT id, search_key FROM customer WHERE search_key LIKE {p} ESCAPE '\\' AND {flags} LIMIT {p}"
    return database.execute_sql(sql, [f"%{_escape(text)}%", *params, cap]).fetchall()


def _tier(patterns: list[str], skip: list[int], include_archived: bool, need: int) -> list[int]:
    """Ids whose key matches any of ``patterns``, in key (name) order, at most ``need``."""
    p = database.param
    flags, params = _filters(include_archived)
    like = " OR ".join(f"search_key LIKE {p} ESCAPE '\\'" for _ in patterns)
    where = f"({like}) AND {flags}"
    args: list[object] = [*patterns, *params]
    if skip:
        where += f" AND id NOT IN ({', '.join([p] * len(skip))})"
        args += skip
    sql = f"SELECT id FROM customer WHERE {where} ORDER BY search_key, id LIMIT {p}"
    return [row[0] for row in database.execute_sql(sql, [*args, need]).fetchall()]


def _ranked_ids(term: str, text: str, limit: int, include_archived: bool) -> list[int]:
    found = _exact_ids(term, text, include_archived)[:limit]
    rows = _candidates(text, include_archived, CANDIDATES)
    if len(rows) < CANDIDATES:
        # Every match is here: rank them in Python.
        exact = set(found)
        ranked = sorted((classify(key, text)[0], key, cid) for cid, key in rows if cid not in exact)
        return found + [cid for _, _, cid in ranked[: limit - len(found)]]
    # A broad term: tier by tier, each read in key order and cut at what is still
    # needed. A tier that fills the limit ends the search, so every tier read
    # before it was read whole and ``found`` holds all of its rows.
    rules = rules_for(text)
    for rank in sorted({r for r, *_ in rules if r > 0}) + [SUBSTRING_RANK]:
        need = limit - len(found)
        if need <= 0:
            break
        if rank == SUBSTRING_RANK:
            patterns = [f"%{_escape(text)}%"]
        else:
            patterns = [_pattern(field, how, text) for r, _, field, how in rules if r == rank]
        found += _tier(patterns, found, include_archived, need)
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
        "SELECT id, code, name, phone, level, archived, search_key FROM customer "
        f"WHERE id IN ({', '.join([p] * len(ids))})"
    )
    rows = {row[0]: row for row in database.execute_sql(sql, ids).fetchall()}
    region = settings.get("phone_region")
    hits = []
    for cid in ids:
        _, code, name, phone, level, archived, key = rows[cid]
        hits.append(
            SearchHit(
                id=cid,
                code=code,
                name=name,
                phone_display=display_phone(phone, region),
                level=level,
                archived=bool(archived),
                match=classify(key, text)[1],
            )
        )
    return hits
