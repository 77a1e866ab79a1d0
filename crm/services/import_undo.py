"""Undoing an import (SPEC 8: owners and managers), while nothing it touched has changed.

:func:`undo_import` puts the customers the import changed back as they were (their
values before are in the audit trail, see :mod:`crm.services.imports`), removes the
customers and visits it added and refreshes the levels around them, in one
transaction that is itself audited. When anything the import touched changed since
(an edit, a visit logged or a referral made for a customer it added, a community, a
task, a later import) it refuses with :class:`UndoRefused`, saying why, and changes
nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from crm import clock
from crm.db import as_date, database, executemany
from crm.errors import NotFound, ShopError, fill
from crm.pinyin import search_key
from crm.services import levels as level_service
from crm.services.bulk import chunks, rewriting_search_keys, rows_for
from crm.services.changes import Changes
from crm.services.common import Actor, audit, require
from crm.services.imports import (
    DATE_FIELDS,
    FIELDS,
    IMPORT_ACTIONS,
    RESTORE_ACTION,
    SELECT_IMPORTS,
    UNDO_ACTION,
    UPDATE_ACTION,
    ImportRecord,
    plain,
    read_record,
    run_count,
    run_ids,
    within,
)
from crm.services.referral_loops import referral_loop

# Why an undo is refused, in English with %1, %2 … for names (the app translates them).
REASONS = (
    "it was already undone",
    "it was made before imports could be undone",
    "another import (%1) came after it",
    "a customer it changed is no longer in the shop",
    "%1 was changed after the import",
    "a visit was logged for %1, whom the import added",
    "%1 was referred by %2, whom the import added",
    "%1, whom the import added, joined a community",
    "%1, whom the import added, leads a community",
    "%1, whom the import added, has a task",
    "a visit it added was changed or deleted after it",
    "phone %1 now belongs to %2",
    "putting the referrers back would make a referral loop",
)


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
class UndoResult:
    import_id: int
    file: str
    restored: int  # customers put back as they were
    customers_removed: int
    visits_removed: int

    @property
    def changes(self) -> Changes:
        """An undo may move any customer's level or referrer: every page reads again."""
        return Changes(every_customer=True, visits=self.visits_removed > 0)


# --- what an undo would do, and whether it may ------------------------------------------------


@dataclass
class _Plan:
    record: ImportRecord
    created: list[list[int]]  # customer id ranges
    visits: list[list[int]]  # visit id ranges
    before: dict[int, dict[str, Any]]  # customer id: the fields the import changed, as they were
    current: dict[int, tuple]  # customer id: the row now (code, name, FIELDS...)


def _plan(import_id: int) -> _Plan:
    row = database.execute_sql(SELECT_IMPORTS + " AND id = ?", (*IMPORT_ACTIONS, import_id)).fetchone()
    if row is None:
        raise NotFound("import", import_id)
    record, data = read_record(row)
    if record.undone:
        raise UndoRefused(import_id, "it was already undone")
    undo = data.get("undo")
    if not undo:
        raise UndoRefused(import_id, "it was made before imports could be undone")
    later = database.execute_sql(
        SELECT_IMPORTS + " AND id > ? ORDER BY id LIMIT 1", (*IMPORT_ACTIONS, import_id)
    )
    found = later.fetchone()
    if found is not None:
        raise UndoRefused(import_id, "another import (%1) came after it", read_record(found)[0].file)
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


_NAME = "SELECT code, name FROM customer WHERE id IN ({ids})"


def _label(row: tuple) -> str:
    return f"{row[1]} ({row[0]})"


_CURRENT = "SELECT id, code, " + ", ".join(FIELDS.values()) + " FROM customer WHERE id IN ({ids})"


def _check_customers(plan: _Plan, after: dict[int, dict[str, Any]], last_entry: int) -> None:
    """Refused when a customer the import changed or added was changed since (an audited
    edit, or a value that is no longer what the import wrote)."""
    import_id = plan.record.id
    is_created = within(plan.created)
    for cid, *row in rows_for(_CURRENT, after):
        plan.current[cid] = tuple(row)
    names = list(FIELDS)
    for cid, changed in after.items():
        row = plan.current.get(cid)
        if row is None:
            raise UndoRefused(import_id, "a customer it changed is no longer in the shop")
        now = dict(zip(names, row[1:], strict=True))
        if any(plain(as_date(now[k]) if k in DATE_FIELDS else now[k]) != v for k, v in changed.items()):
            raise UndoRefused(import_id, "%1 was changed after the import", _label(row))
    for (cid,) in database.execute_sql(
        "SELECT DISTINCT entity_id FROM audit_entry WHERE entity = 'customer' AND id > ?", (last_entry,)
    ):
        if cid in after or (cid is not None and is_created(cid)):
            found = next(rows_for(_NAME, [cid]), ("?", "?"))
            raise UndoRefused(import_id, "%1 was changed after the import", _label(found))


def _check_created(plan: _Plan) -> None:
    """Refused when a customer the import added has a life of their own since: a visit of
    their own, someone they referred, a community, a task."""
    import_id = plan.record.id
    if not plan.created:
        return
    is_visit = within(plan.visits)
    is_created = within(plan.created)
    created = list(run_ids(plan.created))

    def name_of(cid: int) -> str:
        return _label(
            next(rows_for("SELECT code, name FROM customer WHERE id IN ({ids})", [cid]), ("?", "?"))
        )

    for visit_id, cid in rows_for("SELECT id, customer_id FROM visit WHERE customer_id IN ({ids})", created):
        if not is_visit(visit_id):
            raise UndoRefused(import_id, "a visit was logged for %1, whom the import added", name_of(cid))
    restored_referrer = {cid for cid, fields in plan.before.items() if "referrer" in fields}
    for cid, code, name, referrer in rows_for(
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
        for (cid,) in rows_for(sql, created):
            raise UndoRefused(import_id, reason, name_of(cid))


def _check_visits(plan: _Plan, last_entry: int) -> None:
    import_id = plan.record.id
    if not plan.visits:
        return
    left = sum(
        database.execute_sql("SELECT COUNT(*) FROM visit WHERE id BETWEEN ? AND ?", run).fetchone()[0]
        for run in plan.visits
    )
    is_visit = within(plan.visits)
    edited = any(
        is_visit(vid)
        for (vid,) in database.execute_sql(
            "SELECT entity_id FROM audit_entry WHERE entity = 'visit' AND id > ?", (last_entry,)
        )
        if vid is not None
    )
    if edited or left != run_count(plan.visits):
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
        created = list(run_ids(plan.created))
        # Whose levels move: the customers who lose visits, the referrers of the customers
        # who go, and the old and new referrers of those put back.
        visited = {
            cid
            for run in plan.visits
            for (cid,) in database.execute_sql(
                "SELECT DISTINCT customer_id FROM visit WHERE id BETWEEN ? AND ?", run
            )
        }
        is_created = within(plan.created)
        touched = level_service.affected_by([c for c in visited if not is_created(c)])
        touched.update(
            r
            for (r,) in rows_for("SELECT referrer_id FROM customer WHERE id IN ({ids})", created)
            if r is not None
        )
        restore, entries = _restore_rows(plan, touched)
        for run in plan.visits:
            database.execute_sql("DELETE FROM visit WHERE id BETWEEN ? AND ?", run)
        for run in plan.created:
            database.execute_sql("DELETE FROM customer WHERE id BETWEEN ? AND ?", run)
        searched = [cid for cid, was in plan.before.items() if _SEARCHED & set(was)]
        with rewriting_search_keys(searched):
            for fields, rows in restore.items():
                # Only the columns that change: each one set costs its indexes and triggers.
                columns = [FIELDS[k] for k in fields] + (["search_key"] if _SEARCHED & set(fields) else [])
                sets = ", ".join(f"{c} = ?" for c in columns)
                executemany(f"UPDATE customer SET {sets}, updated_at = ? WHERE id = ?", rows)
        if restore:
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
        result = UndoResult(import_id, record.file, len(plan.before), len(created), run_count(plan.visits))
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


_SEARCHED = {"name", "phone", "wechat"}  # the fields of the search key


def _restore_rows(plan: _Plan, touched: set[int]) -> tuple[dict[tuple, list[tuple]], list[tuple]]:
    """The UPDATE rows putting each changed customer back, by the fields they change, and
    their audit entries; phones taken since by someone else refuse the undo."""
    names = list(FIELDS)
    now = clock.now()
    restore: dict[tuple, list[tuple]] = {}
    entries, phones = [], {}
    for cid, was in plan.before.items():
        row = plan.current[cid]
        values = dict(zip(names, row[1:], strict=True))
        for key, value in was.items():
            values[key] = date.fromisoformat(value) if key in DATE_FIELDS and value else value
        touched.add(cid)
        if "referrer" in was:
            touched.update(r for r in (was["referrer"], row[1 + names.index("referrer")]) if r is not None)
        if "phone" in was and was["phone"]:
            phones[was["phone"]] = cid
        fields = tuple(k for k in names if k in was)
        put_back = [values[k] for k in fields]
        if _SEARCHED & set(fields):
            put_back.append(search_key(values["name"], values["phone"], row[0], values["wechat"]))
        restore.setdefault(fields, []).append((*put_back, now, cid))
        current = dict(zip(names, row[1:], strict=True))
        entries.append(
            (
                "customer",
                cid,
                RESTORE_ACTION,
                json.dumps({k: plain(current[k]) for k in was}, ensure_ascii=False),
                json.dumps({**was, "import": plan.record.id}, ensure_ascii=False),
            )
        )
    for holder, code, name, phone in rows_for(
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
        if referral_loop(start, parent.get(start), parent.get) is not None:
            raise UndoRefused(plan.record.id, "putting the referrers back would make a referral loop")


def _joined_before_first_visit(ids: list[int]) -> None:
    """A joined date put back is never after a visit logged since."""
    for chunk in chunks(ids):
        marks = ",".join("?" * len(chunk))
        database.execute_sql(
            "UPDATE customer SET joined = (SELECT MIN(v.day) FROM visit v WHERE v.customer_id = customer.id)"
            f" WHERE id IN ({marks}) AND joined > (SELECT MIN(v.day) FROM visit v"
            " WHERE v.customer_id = customer.id)",
            chunk,
        )
