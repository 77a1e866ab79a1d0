"""Imports remembered, so that one can be undone (:mod:`crm.services.import_undo`).

An import leaves one audit entry (entity ``import``, action ``import customers`` or
``import visits``; its id is the import's id) naming the customers and visits it
added (as id ranges: a million visits are a range or two), and one entry per
customer it changed (entity ``customer``, action ``import update``) with the values
before and after, written in bulk. Those per-customer entries are the customer's
own history too, so erasing a customer wipes their personal values there as well.

An undo puts the changed customers back as they were and removes what the import
added, while nothing the import touched has changed since.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from crm import clock
from crm.db import database, executemany
from crm.services.common import Actor, audit

IMPORT_ACTIONS = ("import customers", "import visits")
UPDATE_ACTION = "import update"  # one customer changed by an import: before and after
RESTORE_ACTION = "import undone"  # one customer put back by an undo
UNDO_ACTION = "undo import"
# What an import may change on a customer, as kept in the audit trail: column.
FIELDS = {
    "name": "name",
    "phone": "phone",
    "wechat": "wechat",
    "birthday": "birthday",
    "joined": "joined",
    "source": "source",
    "referrer": "referrer_id",
    "tags": "tags",
    "notes": "notes",
}
DATE_FIELDS = ("birthday", "joined")


@dataclass(frozen=True)
class ImportRecord:
    id: int
    kind: str  # customers / visits
    file: str
    at: datetime
    staff_id: int | None
    created: int  # customers added
    updated: int  # customers changed
    visits_added: int
    undone: bool


# --- id ranges -------------------------------------------------------------------------


def ranges(ids: Iterable[int]) -> list[list[int]]:
    """Sorted ids as [first, last] runs of consecutive numbers."""
    out: list[list[int]] = []
    for i in sorted(set(ids)):
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def run_count(runs: list[list[int]]) -> int:
    return sum(last - first + 1 for first, last in runs)


def within(runs: list[list[int]]) -> Any:
    """A test of membership in ``runs`` without listing every id."""
    starts = [first for first, _ in runs]

    def holds(i: int) -> bool:
        at = bisect_right(starts, i) - 1
        return at >= 0 and runs[at][0] <= i <= runs[at][1]

    return holds


def run_ids(runs: list[list[int]]) -> Iterator[int]:
    for first, last in runs:
        yield from range(first, last + 1)


# --- recording -----------------------------------------------------------------------------


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def record_import(
    actor: Actor | None,
    kind: str,
    summary: dict[str, Any],
    created: Iterable[int],
    visits: list[list[int]],
    updates: list[tuple[int, dict[str, Any], dict[str, Any]]],
    changes_table: str | None = None,
) -> int:
    """The audit trail of one import, inside its transaction: the summary, and each
    changed customer's fields (``updates``: id, before, after) in one bulk insert; or, with
    ``changes_table``, the rows of that table (cid, before and after as :func:`update_texts`
    gives them, in the order of its column ``line``). Returns the import's id."""
    import_id = audit(actor, "import", None, f"import {kind}", None, summary)
    staff = actor.staff_id if actor else None
    now = clock.now()
    columns = 'INSERT INTO audit_entry (staff_id, "at", entity, entity_id, action, "before", "after")'
    if changes_table is not None:
        # The import's id closes each "after" as json.dumps would have written it.
        database.execute_sql(
            f"{columns} SELECT ?, ?, 'customer', cid, ?, before_text,"
            f" substr(after_text, 1, length(after_text) - 1) || ? FROM {changes_table} ORDER BY line",
            (staff, now, UPDATE_ACTION, f', "import": {int(import_id)}}}'),
        )
    rows = (
        (
            staff,
            now,
            "customer",
            cid,
            UPDATE_ACTION,
            json.dumps({k: plain(v) for k, v in before.items()}, ensure_ascii=False),
            json.dumps({**{k: plain(v) for k, v in after.items()}, "import": import_id}, ensure_ascii=False),
        )
        for cid, before, after in updates
    )
    executemany(f"{columns} VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    last = database.execute_sql("SELECT MAX(id) FROM audit_entry").fetchone()[0]
    undo = {"customers": ranges(created), "visits": visits, "entries": [import_id, last]}
    database.execute_sql(
        'UPDATE audit_entry SET "after" = ? WHERE id = ?',
        (json.dumps({**summary, "undo": undo}, ensure_ascii=False), import_id),
    )
    return import_id


def update_texts(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, str]:
    """A changed customer's values before and after as :func:`record_import` keeps them, the
    "after" without the import's id (known only once recorded: ``changes_table``)."""
    return (
        json.dumps({k: plain(v) for k, v in before.items()}, ensure_ascii=False),
        json.dumps({k: plain(v) for k, v in after.items()}, ensure_ascii=False),
    )


# --- reading -------------------------------------------------------------------------------


def read_record(row: tuple) -> tuple[ImportRecord, dict[str, Any]]:
    entry_id, staff_id, at, action, after = row
    data = json.loads(after or "{}")
    undone = (
        database.execute_sql(
            "SELECT 1 FROM audit_entry WHERE entity = 'import' AND entity_id = ? AND action = ?",
            (entry_id, UNDO_ACTION),
        ).fetchone()
        is not None
    )
    kind = action.split(" ", 1)[1]
    record = ImportRecord(
        id=entry_id,
        kind=kind,
        file=str(data.get("file", "")),
        at=at if isinstance(at, datetime) else datetime.fromisoformat(str(at)),
        staff_id=staff_id,
        created=int(data.get("created" if kind == "customers" else "customers created", 0)),
        updated=int(data.get("updated", 0)),
        visits_added=int(data.get("visits added", 0)),
        undone=undone,
    )
    return record, data


SELECT_IMPORTS = (
    'SELECT id, staff_id, "at", action, "after" FROM audit_entry'
    " WHERE entity = 'import' AND action IN (?, ?)"
)


def last_import() -> ImportRecord | None:
    """The shop's most recent import (undone or not), or None."""
    row = database.execute_sql(SELECT_IMPORTS + " ORDER BY id DESC LIMIT 1", IMPORT_ACTIONS).fetchone()
    return read_record(row)[0] if row else None
