"""Visits and purchases: log, edit, delete with a reason (and undo), refunds.

Every change refreshes the stored level of the customer and of everyone whose
level depends on their purchases (referrer, community leaders) in the same
transaction, so the counter sees the new level at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property

from peewee import JOIN

from crm import clock, dates
from crm.db import as_date, database
from crm.errors import InvalidInput, NotAllowed, NotFound
from crm.levels import LEVELS, Explanation, Rules
from crm.models import AuditEntry, Customer, Staff, Visit
from crm.money import MAX_MINOR
from crm.services import levels as level_service
from crm.services import purchase_limit, settings, visit_levels
from crm.services.changes import Changes
from crm.services.common import Actor, audit, audit_statement, live_customer, require, row_dict
from crm.statements import is_postgres_database, send_together

KINDS = ("purchase", "visit", "service", "event", "refund")


@dataclass(frozen=True)
class VisitInfo:
    id: int
    customer_id: int
    staff_id: int | None
    staff_name: str | None
    at: datetime
    kind: str
    amount: int
    quantity: int
    note: str


@dataclass(frozen=True)
class VisitResult:
    visit: VisitInfo
    level_before: str
    level_after: str
    changed: tuple[int, ...]  # every customer whose stored level moved
    # Says why the visit's customer now sits at their level, from the facts the save worked
    # out (so a screen showing it need not gather them again); None where the save had none.
    explainer: Callable[[], Explanation] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def explanation(self) -> Explanation | None:
        return self.explainer() if self.explainer is not None else None

    @property
    def changes(self) -> Changes:
        return Changes.of((self.visit.customer_id, *self.changed), visits=True)

    @property
    def level_moved(self) -> int:
        """+1 up, -1 down, 0 unchanged (for the counter's notice)."""
        a, b = LEVELS.index(self.level_before), LEVELS.index(self.level_after)
        return (b > a) - (b < a)


@dataclass(frozen=True)
class VisitRemoved:
    audit_entry: int  # gives the visit back with restore_visit
    customer_id: int
    changed: tuple[int, ...]  # every customer whose stored level moved

    @property
    def changes(self) -> Changes:
        return Changes.of((self.customer_id, *self.changed), visits=True)


def _to_datetime(at: datetime | date | str | None) -> datetime:
    if at is None:
        return clock.now()
    if isinstance(at, datetime):
        return at.replace(microsecond=0, tzinfo=None)
    if isinstance(at, date):
        return datetime.combine(at, time(12, 0))
    try:
        day, at_time = dates.parse(str(at).strip(), dates.ISO)
    except ValueError:
        raise InvalidInput("at", f"{at!r} is not a date or date-time") from None
    return datetime.combine(day, time(12, 0) if at_time is None else at_time)  # a day alone: noon


def check_visit(kind: str, amount: int, quantity: int, at: datetime) -> int:
    """Validate one visit's values; returns the amount to store (refunds negative)."""
    if kind not in KINDS:
        raise InvalidInput("kind", f"must be one of {', '.join(KINDS)}")
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidInput("amount", "must be whole minor units (cents)")
    if abs(amount) > MAX_MINOR:
        raise InvalidInput("amount", "is too large")
    if kind == "refund":
        if amount == 0:
            raise InvalidInput("amount", "a refund needs an amount")
        amount = -abs(amount)
    elif kind == "purchase" and amount <= 0:
        raise InvalidInput("amount", "a purchase needs an amount above 0 (use a refund for money back)")
    elif amount < 0:
        raise InvalidInput("amount", "only a refund can be negative")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 0 <= quantity <= 100_000:
        raise InvalidInput("quantity", "must be a whole number from 0 to 100000")
    if at > clock.now().replace(hour=23, minute=59, second=59):
        raise InvalidInput("at", "is in the future")
    if at.year < 1990:
        raise InvalidInput("at", "is too far in the past")
    return amount


def _check_staff(staff_id: int | None) -> None:
    if staff_id is None:
        return
    staff = Staff.get_or_none(Staff.id == staff_id)
    if staff is None:
        raise NotFound("staff", staff_id)
    if not staff.active:
        raise InvalidInput("staff", f"{staff.name} is no longer active")


def _info(visit_id: int) -> VisitInfo:
    rows = list_visits(visit_ids=[visit_id])
    if not rows:
        raise NotFound("visit", visit_id)
    return rows[0]


def _refresh(customer_ids: set[int]) -> list[int]:
    return level_service.refresh_customers(level_service.affected_by(customer_ids))


def log_visit(
    customer_id: int,
    amount: int = 0,
    kind: str = "purchase",
    at: datetime | date | str | None = None,
    staff_id: int | None = None,
    note: str = "",
    quantity: int = 1,
    actor: Actor | None = None,
    confirm_large: bool = False,
) -> VisitResult:
    """Record a visit. A joined date after it moves back to its day: joined is never after a first visit.

    An amount above the shop's large-purchase limit raises LargePurchase unless
    ``confirm_large`` says someone has seen it and means it (imports of past visits
    do not come through here)."""
    moment = _to_datetime(at)
    amount = check_visit(kind, amount, quantity, moment)
    values, last_visit_id = _settings_and_last_visit()
    if not confirm_large:
        purchase_limit.check_amount(amount, values, last_visit_id)
    if staff_id is None and actor is not None:
        staff_id = actor.staff_id
    note = (note or "").strip()
    today = clock.today()
    alone = not database.in_transaction()  # not inside a caller's: it may end with the last writes
    with database.atomic():
        visit_id, staff_name = _insert_visit(customer_id, staff_id, moment, kind, amount, quantity, note)
        row = {
            "id": visit_id,
            "customer": customer_id,
            "staff": staff_id,
            "at": moment,
            "day": moment.date(),
            "kind": kind,
            "amount": amount,
            "quantity": quantity,
            "note": note,
            "created_at": clock.now(),
        }
        before = [
            # joined is never after a first visit (and the referrer's count of converted
            # referrals, in the facts, counts the customer from that day)
            (
                "UPDATE customer SET joined = ? WHERE id = ? AND (joined IS NULL OR joined > ?)",
                [moment.date(), customer_id, moment.date()],
            ),
            audit_statement(actor, "visit", visit_id, "create", None, row),
        ]
        writes: list = []
        refreshed = visit_levels.refresh_with(customer_id, today, Rules.from_settings(values), before, writes)
        send_together(writes, last=alone)  # on a server, with the COMMIT
    info = VisitInfo(visit_id, customer_id, staff_id, staff_name, moment, kind, amount, quantity, note)
    return VisitResult(
        info,
        LEVELS[refreshed.level_before],
        LEVELS[refreshed.level_after],
        tuple(refreshed.changed),
        refreshed.explainer,
    )


# The settings and the newest visit's id in one read (the purchase limit and the level rules).
_SETTINGS_AND_LAST_VISIT = (
    'SELECT "key", "value" FROM setting UNION ALL SELECT NULL, CAST(MAX(id) AS TEXT) FROM visit'
)


def _settings_and_last_visit() -> tuple[dict, int]:
    rows = database.execute_sql(_SETTINGS_AND_LAST_VISIT).fetchall()
    last = next(value for key, value in rows if key is None)
    return settings.from_rows(row for row in rows if row[0] is not None), int(last or 0)


# The visit goes in only for a live customer and an active staff member (or none): the check
# and the insert in one statement; when nothing went in, the checks say why.
_INSERT_VISIT = (
    'INSERT INTO visit (customer_id, staff_id, "at", day, kind, amount, quantity, note, created_at)'
    " SELECT ?, CAST(? AS INTEGER), ?, ?, ?, ?, ?, ?, ?"
    " WHERE EXISTS (SELECT 1 FROM customer WHERE id = ? AND NOT erased AND NOT archived)"
    " AND (CAST(? AS INTEGER) IS NULL OR EXISTS (SELECT 1 FROM staff WHERE id = ? AND active))"
)


def _insert_visit(
    customer_id: int, staff_id: int | None, moment: datetime, kind: str, amount: int, quantity: int, note: str
) -> tuple[int, str | None]:
    """Insert the visit; its id and the staff member's name (None without one)."""
    values = [customer_id, staff_id, moment, moment.date(), kind, amount, quantity, note, clock.now()]
    params = [*values, customer_id, staff_id, staff_id]
    if is_postgres_database():
        returning = " RETURNING id, (SELECT name FROM staff WHERE staff.id = visit.staff_id)"
        row = send_together([], (_INSERT_VISIT + returning, params)).fetchone()
        if row is not None:
            return row[0], row[1]
    else:
        cursor = database.execute_sql(_INSERT_VISIT, params)
        if cursor.rowcount == 1:
            staff = None if staff_id is None else Staff.get_by_id(staff_id).name
            return cursor.lastrowid, staff
    live_customer(customer_id)
    _check_staff(staff_id)
    raise NotFound("customer", customer_id)  # not reached: one of the checks refused it


def _changeable(visit_id: int, actor: Actor | None, action: str) -> Visit:
    """The visit, if the actor may change it: managers any visit, staff only the ones they
    logged today."""
    visit = Visit.get_or_none(Visit.id == visit_id)
    if visit is None:
        raise NotFound("visit", visit_id)
    try:
        require(actor, action)
    except NotAllowed:
        created = visit.created_at if isinstance(visit.created_at, datetime) else None
        own_today = (
            actor is not None
            and actor.staff_id is not None
            and visit.staff_id == actor.staff_id
            and created is not None
            and created.date() == clock.today()
        )
        if not own_today:
            raise
    return visit


def edit_visit(
    visit_id: int, *, actor: Actor | None = None, confirm_large: bool = False, **changes
) -> VisitResult:
    """Change a visit; a new amount above the large-purchase limit needs ``confirm_large``."""
    allowed = {"amount", "kind", "at", "staff_id", "note", "quantity"}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "cannot be changed on a visit")
    with database.atomic():
        visit = _changeable(visit_id, actor, "edit visits")
        before = row_dict(visit)
        kind = changes.get("kind", visit.kind)
        amount = changes.get("amount", abs(visit.amount) if kind == "refund" else visit.amount)
        moment = _to_datetime(changes["at"]) if "at" in changes else visit.at
        quantity = changes.get("quantity", visit.quantity)
        amount = check_visit(kind, amount, quantity, moment)
        if amount != visit.amount and not confirm_large:
            purchase_limit.check_amount(amount)
        if "staff_id" in changes:
            _check_staff(changes["staff_id"])
            visit.staff = changes["staff_id"]
        customer = Customer.get_by_id(visit.customer_id)
        level_before = customer.level
        visit.kind, visit.amount, visit.at, visit.day, visit.quantity = (
            kind,
            amount,
            moment,
            moment.date(),
            quantity,
        )
        if "note" in changes:
            visit.note = (changes["note"] or "").strip()
        visit.save()
        if as_date(customer.joined) > moment.date():
            Customer.update(joined=moment.date()).where(Customer.id == customer.id).execute()
        audit(actor, "visit", visit.id, "edit", before, row_dict(visit))
        changed = _refresh({customer.id})
        after = Customer.get_by_id(customer.id).level
    return VisitResult(_info(visit_id), LEVELS[level_before], LEVELS[after], tuple(changed))


def delete_visit(visit_id: int, reason: str, actor: Actor | None = None) -> VisitRemoved:
    """Delete a visit, keeping it whole in the audit trail (its entry gives it back)."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", "say why the visit is deleted")
    with database.atomic():
        visit = _changeable(visit_id, actor, "delete visits")
        before = row_dict(visit)
        before["reason"] = reason
        customer_id = visit.customer_id
        visit.delete_instance()
        entry = audit(actor, "visit", visit_id, "delete", before, None)
        changed = _refresh({customer_id})
    return VisitRemoved(entry, customer_id, tuple(changed))


def restore_visit(audit_entry_id: int, actor: Actor | None = None) -> VisitResult:
    """Undo a delete: put the visit back exactly as it was."""
    with database.atomic():
        entry = AuditEntry.get_or_none(AuditEntry.id == audit_entry_id)
        if entry is None or entry.entity != "visit" or entry.action != "delete" or not entry.before:
            raise NotFound("deleted visit", audit_entry_id)
        data = json.loads(entry.before)
        if Visit.get_or_none(Visit.id == data["id"]) is not None:
            raise InvalidInput("visit", "this visit was already restored")
        owner = Customer.get_or_none(Customer.id == data["customer"])
        if owner is None:
            raise NotFound("customer", data["customer"])
        require(actor, "delete visits")
        level_before = owner.level
        if owner.erased:  # the visit comes back for the figures, never its words
            data["note"] = ""
        Visit.insert(
            id=data["id"],
            customer=data["customer"],
            staff=data["staff"],
            at=datetime.fromisoformat(data["at"]),
            day=date.fromisoformat(data["day"]),
            kind=data["kind"],
            amount=data["amount"],
            quantity=data["quantity"],
            note=data["note"],
            created_at=datetime.fromisoformat(data["created_at"]),
        ).execute()
        # The joined date may have been moved later meanwhile: never after a first visit.
        day = date.fromisoformat(data["day"])
        later = (Customer.id == data["customer"]) & (Customer.joined > day)
        Customer.update(joined=day).where(later).execute()
        audit(actor, "visit", data["id"], "restore", None, data)
        changed = _refresh({data["customer"]})
        after = Customer.get_by_id(data["customer"]).level
    return VisitResult(_info(data["id"]), LEVELS[level_before], LEVELS[after], tuple(changed))


def exists(visit_id: int) -> bool:
    """Whether the visit is still booked (not deleted since)."""
    return Visit.select().where(Visit.id == visit_id).exists()


def list_visits(
    customer_id: int | None = None,
    visit_ids: list[int] | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int | None = None,
) -> list[VisitInfo]:
    """Visits newest first, with the staff name joined in."""
    query = (
        Visit.select(
            Visit.id,
            Visit.customer,
            Visit.staff,
            Staff.name,
            Visit.at,
            Visit.kind,
            Visit.amount,
            Visit.quantity,
            Visit.note,
        )
        .join(Staff, on=(Visit.staff == Staff.id), join_type=JOIN.LEFT_OUTER)
        .order_by(Visit.at.desc(), Visit.id.desc())
    )
    if customer_id is not None:
        query = query.where(Visit.customer == customer_id)
    if visit_ids is not None:
        query = query.where(Visit.id.in_(visit_ids))
    if since is not None:
        query = query.where(Visit.day >= since)
    if until is not None:
        query = query.where(Visit.day <= until)
    if limit is not None:
        query = query.limit(limit)
    return [
        VisitInfo(
            i, c, s, sn, at if isinstance(at, datetime) else datetime.fromisoformat(str(at)), k, a, q, n
        )
        for i, c, s, sn, at, k, a, q, n in query.tuples()
    ]
