"""Imports remembered, and undone (SPEC 8: owners and managers may undo an import).

An import leaves one audit entry (entity ``import``, action ``import customers`` or
``import visits``; its id is the import's id) naming the customers and visits it
added (as id ranges: a million visits are a range or two), and one entry per
customer it changed (entity ``customer``, action ``import update``) with the values
before and after, written in bulk. Those per-customer entries are the customer's
own history too, so erasing a customer wipes their personal values there as well.

:func:`undo_import` puts the changed customers back as they were and removes what
the import added, while nothing the import touched has changed since; otherwise
it refuses with :class:`UndoRefused`, saying why, and changes nothing.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from crm import clock
from crm.db import as_date, database, executemany
from crm.errors import NotFound, ShopError, fill
from crm.pinyin import search_key
from crm.services import levels as level_service
from crm.services.common import Actor, audit, require

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
_DATES = ("birthday", "joined")
_CHUNK = 5000


class UndoRefused(ShopError):
    """The import cannot be undone; ``template`` (English, %1 … for ``args``) says why."""

    def __init__(self, import_id: int, template: str, *args: Any):
        super().__init__(import_id, template, *args)
        self.import_id = import_id
        self.template = template
        self.args_ = tuple(str(a) for a in args)

    @property
    def reason(self) -> str:
        return fill(self.template, self.args_)

    def __str__(self) -> str:
        return f"import #{self.import_id} cannot be undone: {self.reason}; nothing was changed"


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


@dataclass(frozen=True)
class UndoResult:
    import_id: int
    file: str
    restored: int  # customers put back as they were
    customers_removed: int
    visits_removed: int


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


def _count(runs: list[list[int]]) -> int:
    return sum(last - first + 1 for first, last in runs)


def _within(runs: list[list[int]]) -> Any:
    """A test of membership in ``runs`` without listing every id."""
    starts = [first for first, _ in runs]

    def holds(i: int) -> bool:
        at = bisect_right(starts, i) - 1
        return at >= 0 and runs[at][0] <= i <= runs[at][1]

    return holds


def _ids(runs: list[list[int]]) -> Iterator[int]:
    for first, last in runs:
        yield from range(first, last + 1)


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    batch: list[int] = []
    for i in ids:
        batch.append(i)
        if len(batch) == _CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _rows(sql: str, ids: Iterable[int], *params: Any) -> Iterator[tuple]:
    """``sql`` with ``{ids}`` standing for the placeholders of each chunk of ``ids``."""
    for chunk in _chunks(ids):
        yield from database.execute_sql(sql.format(ids=",".join("?" * len(chunk))), [*chunk, *params])


# --- recording -----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def record_import(
    actor: Actor | None,
    kind: str,
    summary: dict[str, Any],
    created: Iterable[int],
    visits: list[list[int]],
    updates: list[tuple[int, dict[str, Any], dict[str, Any]]],
) -> int:
    """The audit trail of one import, inside its transaction: the summary, and each
    changed customer's fields (``updates``: id, before, after) in one bulk insert.
    Returns the import's id."""
    import_id = audit(actor, "import", None, f"import {kind}", None, summary)
    staff = actor.staff_id if actor else None
    now = clock.now()
    rows = (
        (
            staff,
            now,
            "customer",
            cid,
            UPDATE_ACTION,
            json.dumps({k: _plain(v) for k, v in before.items()}, ensure_ascii=False),
            json.dumps({**{k: _plain(v) for k, v in after.items()}, "import": import_id}, ensure_ascii=False),
        )
        for cid, before, after in updates
    )
    executemany(
        'INSERT INTO audit_entry (staff_id, "at", entity, entity_id, action, "before", "after")'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    last = database.execute_sql("SELECT MAX(id) FROM audit_entry").fetchone()[0]
    undo = {"customers": ranges(created), "visits": visits, "entries": [import_id, last]}
    database.execute_sql(
        'UPDATE audit_entry SET "after" = ? WHERE id = ?',
        (json.dumps({**summary, "undo": undo}, ensure_ascii=False), import_id),
    )
    return import_id


# --- reading -------------------------------------------------------------------------------


def _record(row: tuple) -> tuple[ImportRecord, dict[str, Any]]:
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


_SELECT = (
    'SELECT id, staff_id, "at", action, "after" FROM audit_entry'
    " WHERE entity = 'import' AND action IN (?, ?)"
)


def last_import() -> ImportRecord | None:
    """The shop's most recent import (undone or not), or None."""
    row = database.execute_sql(_SELECT + " ORDER BY id DESC LIMIT 1", IMPORT_ACTIONS).fetchone()
    return _record(row)[0] if row else None


def get_import(import_id: int) -> ImportRecord:
    row = database.execute_sql(_SELECT + " AND id = ?", (*IMPORT_ACTIONS, import_id)).fetchone()
    if row is None:
        raise NotFound("import", import_id)
    return _record(row)[0]


# --- what an undo would do, and whether it may ------------------------------------------------


@dataclass
class _Plan:
    record: ImportRecord
    created: list[list[int]]  # customer id ranges
    visits: list[list[int]]  # visit id ranges
    before: dict[int, dict[str, Any]]  # customer id: the fields the import changed, as they were
    current: dict[int, tuple]  # customer id: the row now (code, name, FIELDS...)


def _plan(import_id: int) -> _Plan:
    row = database.execute_sql(_SELECT + " AND id = ?", (*IMPORT_ACTIONS, import_id)).fetchone()
    if row is None:
        raise NotFound("import", import_id)
    record, data = _record(row)
    if record.undone:
        raise UndoRefused(import_id, "it was already undone")
    undo = data.get("undo")
    if not undo:
        raise UndoRefused(import_id, "it was made before imports could be undone")
    later = database.execute_sql(_SELECT + " AND id > ? ORDER BY id LIMIT 1", (*IMPORT_ACTIONS, import_id))
    found = later.fetchone()
    if found is not None:
        raise UndoRefused(import_id, "another import (%1) came after it", _record(found)[0].file)
    first, last = undo["entries"]
    before: dict[int, dict[str, Any]] = {}
    after: dict[int, dict[str, Any]] = {}
    for cid, was, now in database.execute_sql(
        'SELECT entity_id, "before", "after" FROM audit_entry'
        " WHERE id > ? AND id <= ? AND entity = 'customer' AND action = ?",
        (first, last, UPDATE_ACTION),
    ):
        changed = json.loads(now)
        if changed.pop("import", None) == import_id:  # another import's, on a shared server
            before[cid], after[cid] = json.loads(was), changed
    created, visits = undo["customers"], undo["visits"]
    plan = _Plan(record, created, visits, before, {})
    _check_customers(plan, after, last)
    _check_created(plan)
    _check_visits(plan, last)
    return plan


def _label(row: tuple) -> str:
    return f"{row[1]} ({row[0]})"


_CURRENT = "SELECT id, code, " + ", ".join(FIELDS.values()) + " FROM customer WHERE id IN ({ids})"


def _check_customers(plan: _Plan, after: dict[int, dict[str, Any]], last_entry: int) -> None:
    """Refused when a customer the import changed or added was changed since (an audited
    edit, or a value that is no longer what the import wrote)."""
    import_id = plan.record.id
    is_created = _within(plan.created)
    for cid, *row in _rows(_CURRENT, after):
        plan.current[cid] = tuple(row)
    names = list(FIELDS)
    for cid, changed in after.items():
        row = plan.current.get(cid)
        if row is None:
            raise UndoRefused(import_id, "a customer it changed is no longer in the shop")
        now = dict(zip(names, row[1:], strict=True))
        if any(_plain(as_date(now[k]) if k in _DATES else now[k]) != v for k, v in changed.items()):
            raise UndoRefused(import_id, "%1 was changed after the import", _label(row))
    for (cid,) in database.execute_sql(
        "SELECT DISTINCT entity_id FROM audit_entry WHERE entity = 'customer' AND id > ?", (last_entry,)
    ):
        if cid in after or (cid is not None and is_created(cid)):
            found = next(_rows("SELECT code, name FROM customer WHERE id IN ({ids})", [cid]), ("?", "?"))
            raise UndoRefused(import_id, "%1 was changed after the import", _label(found))


def _check_created(plan: _Plan) -> None:
    """Refused when a customer the import added has a life of their own since: a visit of
    their own, someone they referred, a community, a task."""
    import_id = plan.record.id
    if not plan.created:
        return
    is_visit = _within(plan.visits)
    is_created = _within(plan.created)
    created = list(_ids(plan.created))

    def name_of(cid: int) -> str:
        return _label(next(_rows("SELECT code, name FROM customer WHERE id IN ({ids})", [cid]), ("?", "?")))

    for visit_id, cid in _rows("SELECT id, customer_id FROM visit WHERE customer_id IN ({ids})", created):
        if not is_visit(visit_id):
            raise UndoRefused(import_id, "a visit was logged for %1, whom the import added", name_of(cid))
    restored_referrer = {cid for cid, fields in plan.before.items() if "referrer" in fields}
    for cid, code, name, referrer in _rows(
        "SELECT id, code, name, referrer_id FROM customer WHERE referrer_id IN ({ids})", created
    ):
        if not is_created(cid) and cid not in restored_referrer:
            raise UndoRefused(
                import_id,
                "%1 was referred by %2, whom the import added",
                _label((code, name)),
                name_of(referrer),
            )
    checks = (
        (
            "SELECT customer_id FROM membership WHERE customer_id IN ({ids})",
            "%1, whom the import added, joined a community",
        ),
        (
            "SELECT leader_id FROM community WHERE leader_id IN ({ids})",
            "%1, whom the import added, leads a community",
        ),
        (
            "SELECT customer_id FROM task WHERE customer_id IN ({ids})",
            "%1, whom the import added, has a task",
        ),
        ("SELECT via_id FROM task WHERE via_id IN ({ids})", "%1, whom the import added, has a task"),
    )
    for sql, reason in checks:
        for (cid,) in _rows(sql, created):
            raise UndoRefused(import_id, reason, name_of(cid))


def _check_visits(plan: _Plan, last_entry: int) -> None:
    import_id = plan.record.id
    if not plan.visits:
        return
    left = sum(
        database.execute_sql("SELECT COUNT(*) FROM visit WHERE id BETWEEN ? AND ?", run).fetchone()[0]
        for run in plan.visits
    )
    is_visit = _within(plan.visits)
    edited = any(
        is_visit(vid)
        for (vid,) in database.execute_sql(
            "SELECT entity_id FROM audit_entry WHERE entity = 'visit' AND id > ?", (last_entry,)
        )
        if vid is not None
    )
    if edited or left != _count(plan.visits):
        raise UndoRefused(import_id, "a visit it added was changed or deleted after it")


def check_undo(import_id: int, actor: Actor | None = None) -> ImportRecord:
    """The import, when ``actor`` may undo it now; else :class:`UndoRefused` (or NotAllowed)."""
    require(actor, "undo imports")
    return _plan(import_id).record


def can_undo(import_id: int, actor: Actor | None = None) -> bool:
    try:
        check_undo(import_id, actor)
    except ShopError:
        return False
    return True


# --- undoing ---------------------------------------------------------------------------------


def undo_import(import_id: int, actor: Actor | None = None) -> UndoResult:
    """Put back the customers the import changed, remove the customers and visits it
    added, refresh the levels around them; one transaction, itself audited."""
    require(actor, "undo imports")
    with database.atomic():
        plan = _plan(import_id)
        record = plan.record
        created = list(_ids(plan.created))
        # Whose levels move: the customers who lose visits, the referrers of the customers
        # who go, and the old and new referrers of those put back.
        visited = {
            cid
            for run in plan.visits
            for (cid,) in database.execute_sql(
                "SELECT DISTINCT customer_id FROM visit WHERE id BETWEEN ? AND ?", run
            )
        }
        is_created = _within(plan.created)
        touched = level_service.affected_by([c for c in visited if not is_created(c)])
        touched.update(
            r
            for (r,) in _rows("SELECT referrer_id FROM customer WHERE id IN ({ids})", created)
            if r is not None
        )
        restore, entries = _restore_rows(plan, touched)
        for run in plan.visits:
            database.execute_sql("DELETE FROM visit WHERE id BETWEEN ? AND ?", run)
        for run in plan.created:
            database.execute_sql("DELETE FROM customer WHERE id BETWEEN ? AND ?", run)
        if restore:
            executemany(
                "UPDATE customer SET "
                + ", ".join(f"{c} = ?" for c in FIELDS.values())
                + ", search_key = ?, updated_at = ? WHERE id = ?",
                restore,
            )
            _refuse_loops(plan)
            _joined_before_first_visit(list(plan.before))
        touched = {c for c in touched if c is not None and not is_created(c)}
        if len(touched) > 20_000:
            level_service.refresh_all()
        elif touched:
            level_service.refresh_customers(touched)
        executemany(
            'INSERT INTO audit_entry (staff_id, "at", entity, entity_id, action, "before", "after")'
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((actor.staff_id if actor else None, clock.now(), *entry) for entry in entries),
        )
        result = UndoResult(import_id, record.file, len(restore), len(created), _count(plan.visits))
        audit(
            actor,
            "import",
            import_id,
            UNDO_ACTION,
            None,
            {
                "file": record.file,
                "restored": result.restored,
                "customers removed": result.customers_removed,
                "visits removed": result.visits_removed,
            },
        )
    return result


def _restore_rows(plan: _Plan, touched: set[int]) -> tuple[list[tuple], list[tuple]]:
    """The UPDATE rows putting each changed customer back, and their audit entries; phones
    taken since by someone else refuse the undo."""
    names = list(FIELDS)
    now = clock.now()
    restore, entries, phones = [], [], {}
    for cid, was in plan.before.items():
        row = plan.current[cid]
        values = dict(zip(names, row[1:], strict=True))
        for key, value in was.items():
            values[key] = date.fromisoformat(value) if key in _DATES and value else value
        touched.add(cid)
        if "referrer" in was:
            touched.update(r for r in (was["referrer"], row[1 + names.index("referrer")]) if r is not None)
        if "phone" in was and was["phone"]:
            phones[was["phone"]] = cid
        key = search_key(values["name"], values["phone"], row[0], values["wechat"])
        restore.append((*values.values(), key, now, cid))
        current = dict(zip(names, row[1:], strict=True))
        entries.append(
            (
                "customer",
                cid,
                RESTORE_ACTION,
                json.dumps({k: _plain(current[k]) for k in was}, ensure_ascii=False),
                json.dumps({**was, "import": plan.record.id}, ensure_ascii=False),
            )
        )
    for holder, code, name, phone in _rows(
        "SELECT id, code, name, phone FROM customer WHERE phone IN ({ids})", list(phones)
    ):
        if holder != phones[phone]:
            raise UndoRefused(plan.record.id, "phone %1 now belongs to %2", phone, _label((code, name)))
    return restore, entries


def _refuse_loops(plan: _Plan) -> None:
    """A referrer put back may close a loop with referrals made since."""
    back = [cid for cid, was in plan.before.items() if was.get("referrer") is not None]
    if not back:
        return
    parent = dict(database.execute_sql("SELECT id, referrer_id FROM customer WHERE referrer_id IS NOT NULL"))
    for start in back:
        seen, node = {start}, parent.get(start)
        while node is not None:
            if node in seen:
                raise UndoRefused(plan.record.id, "putting the referrers back would make a referral loop")
            seen.add(node)
            node = parent.get(node)


def _joined_before_first_visit(ids: list[int]) -> None:
    """A joined date put back is never after a visit logged since."""
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        database.execute_sql(
            "UPDATE customer SET joined = (SELECT MIN(v.day) FROM visit v WHERE v.customer_id = customer.id)"
            f" WHERE id IN ({marks}) AND joined > (SELECT MIN(v.day) FROM visit v"
            " WHERE v.customer_id = customer.id)",
            chunk,
        )
