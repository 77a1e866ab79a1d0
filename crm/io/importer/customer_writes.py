"""Writing a customers import's good rows (:mod:`.staging`): the new customers in one
statement, in generation order (those whose referrer is not among them first, each
generation in file order) with ids given up front; the others updated where the file
changes them, each change kept for the audit trail and an undo; levels refreshed for the
referrers touched. Only the updated customers come back through Python, a batch at a time,
to be compared as the customer form would.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crm import clock
from crm.db import as_date, executemany
from crm.io.importer.staging import BATCH, ROWS, analyze, good, insert_batches, is_postgres, rows, scalar, sql
from crm.pinyin import clean_term, name_fields, name_pinyin, search_key
from crm.services import customer_codes, customer_fields, imports, settings
from crm.services import levels as level_service
from crm.services.bulk import (
    indexes_built_after,
    insert_selected_customers,
    new_customer_values,
    reserve_customer_ids,
    rewriting_search_keys_of,
)

_NEW_WHERE = f"WHERE k.match_id IS NULL AND {good('s')}"
_NEW = f"FROM {ROWS} s JOIN import_c_check k ON k.line = s.line {_NEW_WHERE}"
_REFERRER = "COALESCE(rn.id, l.ref_id)"
_SAME_CELLS = ("name", "phone", "wechat", "birthday", "joined", "source", "notes")
_CHANGED = ("name", "phone", "wechat", "birthday", "joined", "source", "referrer_id", "tags", "notes")


def write_customers(run: Any) -> None:
    result = run.result
    created = scalar(f"SELECT COUNT(*) {_NEW}")
    codeless = scalar(f"SELECT COUNT(*) {_NEW} AND s.code IS NULL")
    prefix = settings.get("code_prefix")
    number = 0
    if codeless:
        given = (code for (code,) in rows(f"SELECT s.code {_NEW} AND s.code IS NOT NULL"))
        number = customer_codes.first_free_number(prefix, given)
    run.step(0.6, "writing")
    first = reserve_customer_ids(created)
    sql(
        "CREATE TEMPORARY TABLE import_c_new AS SELECT s.line,"
        " CAST(CAST(? AS BIGINT) + ROW_NUMBER() OVER (ORDER BY COALESCE(d.depth, 0), s.line) - 1"
        "  AS BIGINT) AS id,"
        " CAST(CASE WHEN s.code IS NULL THEN CAST(? AS BIGINT) + ROW_NUMBER() OVER"
        "  (PARTITION BY CASE WHEN s.code IS NULL THEN 1 ELSE 0 END ORDER BY s.line) - 1 END AS BIGINT)"
        " AS number"
        f" FROM {ROWS} s JOIN import_c_check k ON k.line = s.line"
        " LEFT JOIN import_c_depth d ON d.line = s.line"
        f" {_NEW_WHERE}",
        (first, number),
    )
    sql("CREATE UNIQUE INDEX import_c_new_line ON import_c_new (line)")
    _name_keys(f"SELECT DISTINCT s.name {_NEW}")
    digits = _digits("n.number")
    referrer = _REFERRER
    with indexes_built_after(created):
        insert_selected_customers(
            f"SELECT n.id, COALESCE(s.code, ? || {digits}), s.name, s.phone, s.wechat, s.birthday,"
            f" COALESCE(s.joined, ?), COALESCE(s.source, CASE WHEN {referrer} IS NOT NULL THEN 'referral'"
            f" ELSE 'import' END), {referrer}, s.tags, COALESCE(s.notes, ''),"
            f" nk.name_key || s.key_head || COALESCE(s.key_code, ? || {digits}) || s.key_tail,"
            " ?, ?, ?, ?, ?, ?, ?, ?"
            f" FROM import_c_new n JOIN {ROWS} s ON s.line = n.line JOIN import_c_name nk ON nk.name = s.name"
            " LEFT JOIN import_c_link l ON l.line = n.line LEFT JOIN import_c_new rn ON rn.line = l.ref_row"
            " ORDER BY n.id",
            (prefix, clock.today(), clean_term(prefix), *new_customer_values()),
            first,
        )
    result.created = created
    run.step(0.75, "writing")
    touched = _update_customers(run)
    touched.update(
        referrer_id
        for (referrer_id,) in rows(
            "SELECT DISTINCT referrer_id FROM customer WHERE id >= ? AND id < ? AND referrer_id IS NOT NULL",
            (first, first + created),
        )
    )
    run.step(0.85, "levels")
    if touched:
        level_service.refresh_customers(touched)
    result.import_id = imports.record_import(
        run.actor,
        "customers",
        {"file": Path(result.path).name, "created": result.created, "updated": result.updated},
        range(first, first + result.created),  # the new rows' ids, one run
        [],
        [],
        changes_table="import_c_change",
    )


def _name_keys(names: str) -> None:
    """The table ``import_c_name``: the start of the search key (name, pinyin, initials) of
    each name ``names`` selects, made once per name (pinyin is the slow part of a key, and a
    file read back again needs none)."""
    sql("CREATE TEMPORARY TABLE import_c_name (name TEXT, name_key TEXT)")
    insert_batches(
        "INSERT INTO import_c_name VALUES (?, ?)",
        ((name, name_fields(name, name_pinyin(name))) for (name,) in rows(names)),
    )
    sql("CREATE UNIQUE INDEX import_c_name_name ON import_c_name (name)")
    analyze("import_c_name")


def _digits(number: str) -> str:
    """SQL: ``number`` as a generated code's digits (zero-padded to six, as
    :func:`crm.services.customer_codes.next_codes` writes them)."""
    width = customer_codes.CODE_DIGITS
    if is_postgres():
        return (
            f"(CASE WHEN {number} < {10**width} THEN lpad(CAST({number} AS TEXT), {width}, '0')"
            f" ELSE CAST({number} AS TEXT) END)"
        )
    return f"printf('%0{width}d', {number})"


def _update_customers(run: Any) -> set[int]:
    """Update the shop's customers the file changes, keeping each change (table
    ``import_c_change``); the referrers whose referrals changed."""
    result = run.result
    sql(
        "CREATE TEMPORARY TABLE import_c_change (line INTEGER, cid INTEGER, name TEXT, phone TEXT,"
        " wechat TEXT, birthday DATE, joined DATE, source TEXT, referrer_id INTEGER, tags TEXT, notes TEXT,"
        " search_key TEXT, before_text TEXT, after_text TEXT)"
    )
    matched = f" FROM {ROWS} s JOIN import_c_check k ON k.line = s.line JOIN customer c ON c.id = k.match_id"
    _merge_tags(f"SELECT DISTINCT c.tags, s.tags {matched} WHERE {good('s')}")
    joins = (
        f"{matched} JOIN import_c_tags t ON t.shop_tags = c.tags AND t.row_tags = s.tags"
        " LEFT JOIN import_c_link l ON l.line = s.line LEFT JOIN import_c_new rn ON rn.line = l.ref_row"
        f" WHERE {good('s')}"
    )
    # A row whose every cell is empty or what the shop has, and whose tags add none, changes
    # nothing: only the others come here (a file read back is a million of the first kind), to
    # be compared as the customer form would.
    same = " AND ".join(
        [
            *(f"(s.{f} IS NULL OR (c.{f} IS NOT NULL AND s.{f} = c.{f}))" for f in _SAME_CELLS),
            f"({_REFERRER} IS NULL OR (c.referrer_id IS NOT NULL AND {_REFERRER} = c.referrer_id))",
            "t.merged = c.tags",
        ]
    )
    compared = 0
    found = rows(
        "SELECT s.line, s.name, s.phone, s.wechat, s.birthday, s.joined, s.source,"
        f" {_REFERRER}, t.merged, s.notes,"
        " c.id, c.code, c.name, c.phone, c.wechat, c.birthday, c.joined, c.source, c.referrer_id, c.tags,"
        f" c.notes {joins} AND NOT ({same}) ORDER BY s.line"
    )
    touched: set[int] = set()
    batch: list[tuple] = []
    for row in found:
        line, name, phone, wechat, birthday, joined, source, referrer, tags, notes = row[:10]
        cid, code, *old = row[10:]
        old[3], old[4] = as_date(old[3]), as_date(old[4])
        compared += 1
        new = (
            name or old[0],
            phone or old[1],
            wechat or old[2],
            as_date(birthday) or old[3],
            as_date(joined) or old[4],
            source or old[5],
            referrer if referrer is not None else old[6],
            tags,
            notes if notes else old[8],
        )
        if new == tuple(old):
            result.unchanged += 1
            continue
        result.updated += 1
        fields = list(zip(imports.FIELDS, old, new, strict=True))
        before, after = imports.update_texts(
            {f: was for f, was, value in fields if was != value},
            {f: value for f, was, value in fields if was != value},
        )
        if new[6] != old[6]:
            touched.update(i for i in (new[6], old[6]) if i is not None)
        batch.append((line, cid, *new, search_key(new[0], new[1], code, new[2]), before, after))
        if len(batch) == BATCH:
            _keep_changes(batch)
            batch = []
    if batch:
        _keep_changes(batch)
    result.unchanged += scalar(f"SELECT COUNT(*) {matched} WHERE {good('s')}") - compared
    if result.updated:
        sets = ", ".join(f"{column} = u.{column}" for column in (*_CHANGED, "search_key"))
        with rewriting_search_keys_of("SELECT cid FROM import_c_change"):
            sql(
                f"UPDATE customer SET {sets}, updated_at = ? FROM import_c_change u"
                " WHERE customer.id = u.cid",
                (clock.now(),),
            )
    return touched


def _merge_tags(pairs: str) -> None:
    """The table ``import_c_tags``: for each pair of a customer's tags column and a row's
    (``pairs`` selects them), the customer's tags with the row's added after theirs, as the
    customer form adds them. A shop's customers share a few sets of tags: each pair once."""
    sql("CREATE TEMPORARY TABLE import_c_tags (shop_tags TEXT, row_tags TEXT, merged TEXT)")

    def merged(shop_tags: str, row_tags: str) -> tuple[str, str, str]:
        tags = customer_fields.normalize_tags(shop_tags.strip(",").split(",")) if shop_tags else []
        tags += [t for t in customer_fields.tags_list(row_tags) if t not in tags]
        return shop_tags, row_tags, customer_fields.tags_column(tags)

    insert_batches("INSERT INTO import_c_tags VALUES (?, ?, ?)", (merged(*pair) for pair in rows(pairs)))
    sql("CREATE INDEX import_c_tags_pair ON import_c_tags (shop_tags, row_tags)")
    analyze("import_c_tags")


def _keep_changes(batch: list[tuple]) -> None:
    executemany(f"INSERT INTO import_c_change VALUES ({', '.join('?' * len(batch[0]))})", batch)
