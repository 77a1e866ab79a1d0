"""Staff members, their roles and PINs.

Roles are owner, manager and staff (:data:`crm.services.common.ROLES`).
Managing staff and PINs is the owner's ("manage staff" in SPEC 8's matrix):
adding, changing and deactivating anyone, and setting or removing anyone's PIN
without knowing it. The shop always keeps at least one active owner. Everyone
may change their own PIN with :func:`change_own_pin`, which asks for the old one.

PINs are 4–8 digits, stored as argon2id hashes (:mod:`crm.services.pins`) and
never written to the audit trail. Once a shop has two or more active staff
members, every active owner has a PIN: a change that would break this (adding
or reactivating someone, making someone owner, removing an owner's PIN) is
refused with :class:`OwnerPinNeeded` unless the same call sets that PIN. A shop
of one person needs no PIN. Wrong PINs are counted; after five in a row each
further try waits longer (:class:`PinLocked` carries the seconds left).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from types import EllipsisType

from crm.db import database
from crm.errors import InvalidInput, LastOwner, NotFound, OwnerPinNeeded, StaffInactive
from crm.models import Staff
from crm.services import pins
from crm.services.common import ROLES, Actor, audit, require

PERMISSION = "manage staff"
NAME_MAX = 100
PIN_PATTERN = re.compile(r"[0-9]{4,8}")
_PIN_STATE = frozenset({"pin_failures", "pin_wait_until"})  # reset with a new PIN


@dataclass(frozen=True)
class StaffInfo:
    id: int
    name: str
    role: str
    active: bool
    has_pin: bool
    created_at: datetime


def _info(row: Staff) -> StaffInfo:
    return StaffInfo(row.id, row.name, row.role, bool(row.active), row.pin_hash is not None, row.created_at)


def _audit_view(row: Staff) -> dict:
    """What the audit trail may show: never the PIN or its hash."""
    return {
        "name": row.name,
        "role": row.role,
        "active": bool(row.active),
        "has_pin": row.pin_hash is not None,
    }


# --- PINs ------------------------------------------------------------------


def _check_pin(pin: str) -> str:
    pin = str(pin).strip()
    if not PIN_PATTERN.fullmatch(pin):
        raise InvalidInput("pin", "must be 4 to 8 digits")
    return pin


def hash_pin(pin: str) -> str:
    return pins.hash_pin(pin)


def _new_pin_hash(pin: str | None) -> str | None:
    return None if pin is None or str(pin).strip() == "" else pins.hash_pin(_check_pin(pin))


def verify_pin(staff_id: int, pin: str | None) -> bool:
    """True when ``pin`` is this active staff member's PIN. False for an unknown or
    inactive staff member and for anyone without a PIN (see ``has_pin``).

    Every try with a PIN counts: a wrong one towards the wait, a right one resets it.
    Raises :class:`PinLocked` while they must wait, without checking ``pin``."""
    row = Staff.get_or_none(Staff.id == staff_id)
    if row is None or not row.active or row.pin_hash is None or pin is None:
        return False
    return pins.check(row, str(pin).strip())


def sign_in(staff_id: int, pin: str | None = None) -> Actor:
    """The :class:`Actor` for a staff member at the counter: their PIN is checked when they
    have one. Raises :class:`WrongPin` (counted), :class:`PinLocked` during a wait,
    :class:`StaffInactive` or :class:`NotFound`."""
    row = _get(staff_id)
    if not row.active:
        raise StaffInactive(row.id, row.name)
    if row.pin_hash is not None and not pins.check(row, str(pin or "").strip()):
        raise pins.wrong(row)
    return Actor(staff_id=row.id, role=row.role, name=row.name)


def pin_wait(staff_id: int) -> int:
    """Seconds before this staff member's PIN is checked again (0: now)."""
    return pins.seconds_to_wait(_get(staff_id))


def owner_without_pin(adding: int = 1) -> StaffInfo | None:
    """The active owner who must set a PIN before ``adding`` more active staff members
    (a shop of two or more needs every owner's PIN); None when nobody has to."""
    if Staff.select().where(Staff.active).count() + adding < 2:
        return None
    row = (
        Staff.select()
        .where(Staff.active & (Staff.role == "owner") & Staff.pin_hash.is_null())
        .order_by(Staff.id)
        .first()
    )
    return None if row is None else _info(row)


def must_choose_pin(person: StaffInfo) -> bool:
    """An owner without a PIN in a shop of two or more active staff members chooses one before
    working as the owner (a shop restored or upgraded from before the rule). A demo shop, made
    to be tried by anyone, is left without."""
    from crm.services import shop

    if person.role != "owner" or person.has_pin or owner_without_pin(adding=0) is None:
        return False
    return not shop.is_demo()


def _check_owner_pins() -> None:
    """Inside a change's transaction: refuse it when the shop now has two or more active
    staff members and an active owner without a PIN."""
    missing = owner_without_pin(adding=0)
    if missing is not None:
        raise OwnerPinNeeded(missing.id, missing.name)


# --- reading ---------------------------------------------------------------


def _get(staff_id: int) -> Staff:
    row = Staff.get_or_none(Staff.id == staff_id)
    if row is None:
        raise NotFound("staff", staff_id)
    return row


def get_staff(staff_id: int) -> StaffInfo:
    return _info(_get(staff_id))


def list_staff(include_inactive: bool = False) -> list[StaffInfo]:
    """Owners, then managers, then staff; by name within a role."""
    query = Staff.select()
    if not include_inactive:
        query = query.where(Staff.active)
    rows = [_info(r) for r in query]
    return sorted(
        rows, key=lambda s: (not s.active, ROLES.index(s.role) if s.role in ROLES else 9, s.name, s.id)
    )


def actor_for(staff_id: int) -> Actor:
    """The :class:`Actor` the services need for this staff member's actions."""
    row = _get(staff_id)
    if not row.active:
        raise StaffInactive(row.id, row.name)
    return Actor(staff_id=row.id, role=row.role, name=row.name)


# --- changing --------------------------------------------------------------


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidInput("name", "must not be empty")
    if len(name) > NAME_MAX:
        raise InvalidInput("name", f"must be at most {NAME_MAX} characters")
    return name


def _check_role(role: str) -> str:
    role = (role or "").strip().lower()
    if role not in ROLES:
        raise InvalidInput("role", f"must be one of {', '.join(ROLES)}")
    return role


def create_staff(
    name: str, role: str = "staff", pin: str | None = None, actor: Actor | None = None
) -> StaffInfo:
    require(actor, PERMISSION)
    name = _check_name(name)
    role = _check_role(role)
    pin_hash = _new_pin_hash(pin)
    with database.atomic():
        row = Staff.create(name=name, role=role, pin_hash=pin_hash, active=True)
        _check_owner_pins()
        audit(actor, "staff", row.id, "create", None, _audit_view(row))
    return _info(row)


def update_staff(
    staff_id: int,
    *,
    name: str | None = None,
    role: str | None = None,
    pin: str | None | EllipsisType = ...,
    active: bool | None = None,
    old_pin: str | None = None,
    actor: Actor | None = None,
) -> StaffInfo:
    """Change a staff member. None leaves name, role and active as they are;
    ``pin`` is left alone by default, set with a string, removed with None.

    Anyone may change their own PIN, and nothing else, without the "manage staff"
    permission; changing one's own PIN, when one has it, needs it as ``old_pin``
    (see :func:`change_own_pin`). An owner sets or removes someone else's PIN without it.
    """
    changes: dict = {}
    if name is not None:
        changes["name"] = _check_name(name)
    if role is not None:
        changes["role"] = _check_role(role)
    if active is not None:
        changes["active"] = bool(active)
    if pin is not ...:
        changes["pin_hash"] = _new_pin_hash(pin)
        changes.update(pin_failures=0, pin_wait_until=None)
    own_pin = actor is not None and actor.staff_id == staff_id and pin is not ...
    if not (own_pin and set(changes) <= {"pin_hash"} | _PIN_STATE):
        require(actor, PERMISSION)
    if own_pin:
        _check_old_pin(staff_id, old_pin)  # committed before the change, as every counted try
    with database.atomic():
        row = _get(staff_id)
        before = _audit_view(row)
        stays_owner = changes.get("role", row.role) == "owner" and changes.get("active", row.active)
        if row.role == "owner" and row.active and not stays_owner and _other_active_owners(row.id) == 0:
            raise LastOwner(row.name)
        if not changes:
            return _info(row)
        Staff.update(**changes).where(Staff.id == staff_id).execute()
        after_row = _get(staff_id)
        if _adds_an_unguarded_owner(row, after_row):
            _check_owner_pins()
        after = _audit_view(after_row)
        if before != after or "pin_hash" in changes:
            action = "change_pin" if set(changes) - _PIN_STATE == {"pin_hash"} else "update"
            audit(actor, "staff", staff_id, action, before, after)
    return _info(after_row)


def _adds_an_unguarded_owner(before: Staff, after: Staff) -> bool:
    """Whether a change may leave an owner without a PIN in a shop of two or more: someone
    came back, someone became owner, or an owner lost their PIN."""
    return (
        (after.active and not before.active)
        or (after.role == "owner" and before.role != "owner")
        or (after.role == "owner" and after.pin_hash is None and before.pin_hash is not None)
    )


def _check_old_pin(staff_id: int, old_pin: str | None) -> None:
    row = _get(staff_id)
    if row.pin_hash is None:
        return
    old_pin = str(old_pin or "").strip()
    if not old_pin:
        raise InvalidInput("old_pin", "type your current PIN to change it")
    if not pins.check(row, old_pin):
        raise pins.wrong(row)


def change_own_pin(staff_id: int, old_pin: str | None, new_pin: str | None) -> StaffInfo:
    """A staff member changes (or, with None, removes) their own PIN, typing the old one
    when they have one. A wrong old PIN counts as a wrong try (:class:`WrongPin`,
    then :class:`PinLocked`)."""
    return update_staff(staff_id, pin=new_pin, old_pin=old_pin, actor=actor_for(staff_id))


def _other_active_owners(staff_id: int) -> int:
    return Staff.select().where((Staff.role == "owner") & Staff.active & (Staff.id != staff_id)).count()


def deactivate_staff(staff_id: int, actor: Actor | None = None) -> StaffInfo:
    return update_staff(staff_id, active=False, actor=actor)


def reactivate_staff(staff_id: int, actor: Actor | None = None) -> StaffInfo:
    return update_staff(staff_id, active=True, actor=actor)
