"""The checks of a customers import's staged rows (:mod:`.staging`) that are not about
referrers: each row matched to a customer of the shop (code, then phone, then a unique name)
and to no other row; a joined date after the customer's first visit; and a row whose
referrer's row is bad.

Matching is a walk down the file: a row is checked against the rows above it that were
taken (the same code, phone or customer as one of them is refused). Only rows sharing a
code, phone or customer with another row can meet one, so only those are walked in Python,
in file order; each is kept only while it holds a key a later row may ask for, and each of
them that is taken holds a key at least one refused row shares, so that walk holds no more
than the bad rows it finds. Every other row is told apart by a statement.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from crm.db import as_date
from crm.io.importer.staging import (
    BAD,
    JOINED,
    MATCHING,
    ORPHAN,
    ROWS,
    analyze,
    good,
    reject,
    rows,
    scalar,
    sql,
)

# A file matching at least this share of the shop's customers reads every first visit at once.
WHOLE_SHOP_FROM = 0.1
# Why a row matches no customer, found by a statement: the reasons of the form's own checks.
OWNER, NO_KEY, NAMESAKES, ERASED, NO_NAME = range(1, 6)


def match_rows(run: Any) -> None:
    """Each staged row's customer of the shop, or the reason it has none; the rows refused
    (kept in the bad table at stage MATCHING)."""
    sql(
        "CREATE TEMPORARY TABLE import_c_key AS SELECT s.line, bc.id AS code_id, bp.id AS phone_id"
        f" FROM {ROWS} s LEFT JOIN customer bc ON bc.code = s.code"
        " LEFT JOIN customer bp ON bp.phone = s.phone"
    )
    name_only = f"SELECT name FROM {ROWS} WHERE code IS NULL AND phone IS NULL AND name IS NOT NULL"
    # Only a name: the customer of that name, so a second import adds nobody twice. Read only
    # when some row has nothing else (the shop's names have no index: a scan of them all).
    any_name_only = scalar(f"SELECT COUNT(*) FROM ({name_only} LIMIT 1) x")
    sql(
        "CREATE TEMPORARY TABLE import_c_namesake AS SELECT c.name,"
        " CAST(COUNT(*) AS INTEGER) AS n, CAST(MIN(c.id) AS INTEGER) AS id"
        f" FROM customer c WHERE {'NOT c.erased' if any_name_only else '1 = 0'}"
        f" AND c.name IN ({name_only}) GROUP BY c.name"
    )
    sql(
        "CREATE TEMPORARY TABLE import_c_check AS SELECT k.line, k.phone_id,"
        "  CAST(CASE WHEN s.code IS NULL AND s.phone IS NULL THEN (CASE WHEN ns.n = 1 THEN ns.id END)"
        "   ELSE COALESCE(k.code_id, k.phone_id) END AS INTEGER) AS match_id,"
        "  CAST(CASE"
        f"   WHEN k.code_id IS NOT NULL AND k.phone_id IS NOT NULL AND k.code_id <> k.phone_id THEN {OWNER}"
        f"   WHEN s.code IS NULL AND s.phone IS NULL AND s.name IS NULL THEN {NO_KEY}"
        f"   WHEN s.code IS NULL AND s.phone IS NULL AND ns.n > 1 THEN {NAMESAKES}"
        f"   WHEN m.erased THEN {ERASED}"
        f"   WHEN k.code_id IS NULL AND k.phone_id IS NULL AND s.name IS NULL THEN {NO_NAME}"
        "  END AS INTEGER) AS fault"
        f" FROM import_c_key k JOIN {ROWS} s ON s.line = k.line"
        " LEFT JOIN customer m ON m.id = COALESCE(k.code_id, k.phone_id)"
        " LEFT JOIN import_c_namesake ns ON ns.name = s.name AND s.code IS NULL AND s.phone IS NULL"
    )
    sql("DROP TABLE import_c_key")
    sql("CREATE UNIQUE INDEX import_c_check_line ON import_c_check (line)")
    sql("CREATE INDEX import_c_check_match ON import_c_check (match_id)")
    analyze("import_c_check")
    sql(
        "CREATE TEMPORARY TABLE import_c_contested AS"
        f" SELECT line FROM {ROWS} WHERE code IN"
        f"  (SELECT code FROM {ROWS} WHERE code IS NOT NULL GROUP BY code HAVING COUNT(*) > 1)"
        f" UNION SELECT line FROM {ROWS} WHERE phone IN"
        f"  (SELECT phone FROM {ROWS} WHERE phone IS NOT NULL GROUP BY phone HAVING COUNT(*) > 1)"
        " UNION SELECT line FROM import_c_check WHERE match_id IN (SELECT match_id FROM import_c_check"
        "  WHERE match_id IS NOT NULL GROUP BY match_id HAVING COUNT(*) > 1)"
    )
    sql("CREATE UNIQUE INDEX import_c_contested_line ON import_c_contested (line)")
    analyze("import_c_contested")
    select = (
        "SELECT c.line, c.fault, s.code, s.phone, s.name, c.match_id, o.name, o.code"
        f" FROM import_c_check c JOIN {ROWS} s ON s.line = c.line"
        f" LEFT JOIN customer o ON o.id = c.phone_id AND c.fault = {OWNER}"
    )
    reject(
        run,
        (
            _fault(*found)
            for found in rows(
                f"{select} WHERE c.fault IS NOT NULL"
                " AND NOT EXISTS (SELECT 1 FROM import_c_contested t WHERE t.line = c.line)"
            )
        ),
        MATCHING,
    )
    reject(
        run,
        _walk_contested(rows(f"{select} JOIN import_c_contested t ON t.line = c.line ORDER BY c.line")),
        MATCHING,
    )


def _fault(line, fault, code, phone, name, match_id, owner_name, owner_code) -> tuple:
    """The error of a row the form's own checks refuse (line, field, value, reason, *args)."""
    if fault == OWNER:
        return line, "phone", phone, "belongs to %1, not to %2", f"{owner_name} ({owner_code})", code
    if fault == NO_KEY:
        return line, "name", "", "a row needs a name, a code or a phone"
    if fault == NAMESAKES:
        return line, "name", name, "more than one customer has this name; add a code or phone column"
    if fault == ERASED:
        return line, "code", code or phone, "this customer was erased and cannot be imported again"
    return line, "name", "", "is required for a new customer"


def _walk_contested(found: Iterator[tuple]) -> Iterator[tuple]:
    """The rows that share a code, phone or customer with another row, in file order: each
    refused when a row above it that was taken has its code, its phone (before anything else
    is said of it) or its customer (after); the errors."""
    taken_codes: dict[str, int] = {}
    taken_phones: dict[str, int] = {}
    taken_customers: dict[int, int] = {}
    for row in found:
        line, fault, code, phone, name, match_id = row[:6]
        if code is not None and code in taken_codes:
            yield line, "code", code, "the same code as row %1", taken_codes[code]
        elif phone is not None and phone in taken_phones:
            yield line, "phone", phone, "the same phone as row %1", taken_phones[phone]
        elif fault is not None:
            yield _fault(*row)
        elif match_id is not None and match_id in taken_customers:
            yield (
                line,
                "code",
                code or phone or name,
                "the same customer as row %1",
                taken_customers[match_id],
            )
        else:
            if code is not None:
                taken_codes[code] = line
            if phone is not None:
                taken_phones[phone] = line
            if match_id is not None:
                taken_customers[match_id] = line


def check_joined(run: Any) -> None:
    """A customer's joined date is never after their first visit."""
    tables = f"{ROWS} s JOIN import_c_check c ON c.line = s.line"
    where = f"c.match_id IS NOT NULL AND s.joined IS NOT NULL AND {good('s')}"
    matched = scalar(f"SELECT COUNT(*) FROM {tables} WHERE {where}")
    if matched >= WHOLE_SHOP_FROM * scalar("SELECT COUNT(*) FROM customer"):
        # Most of the shop: every customer's first visit in one pass over the visits' index
        # (a million rows: 2 s, where a look-up each took 7).
        found = rows(
            f"SELECT s.line, s.joined, f.first FROM {tables}"
            " JOIN (SELECT customer_id, MIN(day) AS first FROM visit GROUP BY customer_id) f"
            f" ON f.customer_id = c.match_id WHERE {where} AND s.joined > f.first ORDER BY s.line"
        )
    else:
        found = rows(
            "SELECT line, joined, first FROM (SELECT s.line, s.joined,"
            " (SELECT MIN(v.day) FROM visit v WHERE v.customer_id = c.match_id) AS first"
            f" FROM {tables} WHERE {where}) x WHERE first IS NOT NULL AND joined > first ORDER BY line"
        )
    reject(
        run,
        (
            (
                line,
                "joined",
                as_date(joined).isoformat(),
                "is after their first visit on %1",
                as_date(first).isoformat(),
            )
            for line, joined, first in found
        ),
        JOINED,
    )


def refuse_orphans(run: Any) -> None:
    """A row whose referrer is on a bad row cannot go in as the file says either, nor the
    rows that one referred, and so on down."""
    found = rows(
        "WITH RECURSIVE orphan (line, parent) AS ("
        f" SELECT l.line, l.ref_row FROM import_c_link l JOIN {BAD} p ON p.line = l.ref_row"
        f"  WHERE {good('l')}"
        " UNION"
        " SELECT l.line, l.ref_row FROM orphan o CROSS JOIN import_c_link l"
        f"  WHERE l.ref_row = o.line AND {good('l')})"
        f" SELECT o.line, s.referrer, o.parent FROM orphan o JOIN {ROWS} s ON s.line = o.line ORDER BY o.line"
    )
    reject(
        run,
        (
            (line, "referrer", referrer, "the referrer's own row, %1, is invalid", parent)
            for line, referrer, parent in found
        ),
        ORPHAN,
    )
