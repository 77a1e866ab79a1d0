"""What every service shares: who is acting, permissions, the audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from crm import clock
from crm.errors import NotAllowed

ROLES = ("owner", "manager", "staff")

# Actions a plain staff member may not do; owners and managers may do all of them
# (except that only an owner manages other owners, checked in the staff service).
MANAGER_ACTIONS = frozenset(
    {
        "change settings",
        "manage staff",
        "delete visits",
        "edit visits",
        "pin levels",
        "archive customers",
        "erase customers",
        "manage communities",
        "flag big c",
        "delete tasks",
        "import data",
        "repair the database",
    }
)


@dataclass(frozen=True)
class Actor:
    """The staff member doing something. ``None`` in place of an Actor is the
    shop itself (command line, scheduled jobs), which may do everything."""

    staff_id: int | None
    role: str = "staff"
    name: str = ""


def require(actor: Actor | None, action: str) -> None:
    if actor is None or actor.role in ("owner", "manager"):
        return
    if action in MANAGER_ACTIONS:
        raise NotAllowed(action, actor.role)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def audit(
    actor: Actor | None,
    entity: str,
    entity_id: int | None,
    action: str,
    before: Any = None,
    after: Any = None,
) -> int:
    """Record who did what; returns the entry id (a delete's undo handle)."""
    from crm.models import AuditEntry

    return AuditEntry.insert(
        staff=actor.staff_id if actor else None,
        at=clock.now(),
        entity=entity,
        entity_id=entity_id,
        action=action,
        before=None if before is None else json.dumps(_jsonable(before), ensure_ascii=False),
        after=None if after is None else json.dumps(_jsonable(after), ensure_ascii=False),
    ).execute()


def row_dict(instance) -> dict[str, Any]:
    """A model instance as plain column values (foreign keys as ids), for the audit trail."""
    return {field.name: instance.__data__.get(field.name) for field in instance._meta.sorted_fields}
