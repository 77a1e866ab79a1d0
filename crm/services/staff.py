"""Staff members, their roles and PINs.

Roles are owner, manager and staff (:data:`crm.services.common.ROLES`).
Managing staff needs the "manage staff" permission (owners and managers);
only an owner may create, change or deactivate an owner or make someone an
owner, and the shop always keeps at least one active owner. A staff member
may change their own PIN. PINs are 4–8 digits, stored as a salted PBKDF2
hash and never written to the audit trail.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from types import EllipsisType

from crm.db import database
from crm.errors import InvalidInput, LastOwner, NotAllowed, NotFound, StaffInactive
from crm.models import Staff
from crm.services.common import ROLES, Actor, audit, require

PERMISSION = "manage staff"
NAME_MAX = 100
PIN_PATTERN = re.compile(r"[0-9]{4,8}")
_HASH_NAME = "pbkdf2_sha256"
_ITERATIONS = 120_000


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


def hash_pin(pin: str, *, iterations: int = _ITERATIONS) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"{_HASH_NAME}${iterations}${salt.hex()}${digest.hex()}"


def _pin_matches(pin: str, stored: str) -> bool:
    try:
        name, iterations, salt, digest = stored.split("$")
        if name != _HASH_NAME:
            return False
        computed = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(computed.hex(), digest)


def verify_pin(staff_id: int, pin: str | None) -> bool:
    """True when ``pin`` is this active staff member's PIN. False for an unknown
    or inactive staff member and for anyone without a PIN (see ``has_pin``)."""
    row = Staff.get_or_none(Staff.id == staff_id)
    if row is None or not row.active or row.pin_hash is None or pin is None:
        return False
    return _pin_matches(str(pin).strip(), row.pin_hash)


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


def _require_owner(actor: Actor | None) -> None:
    if actor is not None and actor.role != "owner":
        raise NotAllowed("manage owners", actor.role)


def _other_active_owners(staff_id: int) -> int:
    return Staff.select().where((Staff.role == "owner") & Staff.active & (Staff.id != staff_id)).count()


def create_staff(
    name: str, role: str = "staff", pin: str | None = None, actor: Actor | None = None
) -> StaffInfo:
    require(actor, PERMISSION)
    name = _check_name(name)
    role = _check_role(role)
    if role == "owner":
        _require_owner(actor)
    pin_hash = None if pin is None or str(pin).strip() == "" else hash_pin(_check_pin(pin))
    with database.atomic():
        row = Staff.create(name=name, role=role, pin_hash=pin_hash, active=True)
        audit(actor, "staff", row.id, "create", None, _audit_view(row))
    return _info(row)


def update_staff(
    staff_id: int,
    *,
    name: str | None = None,
    role: str | None = None,
    pin: str | None | EllipsisType = ...,
    active: bool | None = None,
    actor: Actor | None = None,
) -> StaffInfo:
    """Change a staff member. None leaves name, role and active as they are;
    ``pin`` is left alone by default, set with a string, removed with None.

    A staff member may change their own PIN without the "manage staff" permission.
    """
    changes: dict = {}
    if name is not None:
        changes["name"] = _check_name(name)
    if role is not None:
        changes["role"] = _check_role(role)
    if active is not None:
        changes["active"] = bool(active)
    if pin is not ...:
        changes["pin_hash"] = None if pin is None or str(pin).strip() == "" else hash_pin(_check_pin(pin))
    own_pin_only = actor is not None and actor.staff_id == staff_id and set(changes) <= {"pin_hash"}
    if not own_pin_only:
        require(actor, PERMISSION)
    with database.atomic():
        row = _get(staff_id)
        before = _audit_view(row)
        if not own_pin_only and (row.role == "owner" or changes.get("role") == "owner"):
            _require_owner(actor)
        stays_owner = changes.get("role", row.role) == "owner" and changes.get("active", row.active)
        if row.role == "owner" and row.active and not stays_owner and _other_active_owners(row.id) == 0:
            raise LastOwner(row.name)
        if not changes:
            return _info(row)
        Staff.update(**changes).where(Staff.id == staff_id).execute()
        row = _get(staff_id)
        after = _audit_view(row)
        if before != after or "pin_hash" in changes:
            action = "change_pin" if set(changes) == {"pin_hash"} else "update"
            audit(actor, "staff", staff_id, action, before, after)
    return _info(row)


def deactivate_staff(staff_id: int, actor: Actor | None = None) -> StaffInfo:
    return update_staff(staff_id, active=False, actor=actor)


def reactivate_staff(staff_id: int, actor: Actor | None = None) -> StaffInfo:
    return update_staff(staff_id, active=True, actor=actor)
