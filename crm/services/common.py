"""What every service shares: who is acting, permissions, the audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from crm import clock
from crm.errors import InvalidInput, NotAllowed, NotFound
from crm.models import AuditEntry, Customer

ROLES = ("owner", "manager", "staff")

# Who may do what (SPEC 8). Everything not named here (search, view, add customers,
# log visits, work one's tasks, join and leave members) is open to every role.
MANAGER_ACTIONS = frozenset(
    {
        "edit customers",
        "archive customers",
        "flag big c",
        "pin levels",
        "manage communities",
        "import data",
        "export data",
        "customer data",
        "check the database",
        "erase customers",
        "undo imports",
        "change settings",
        "back up",
        "delete visits",
        "edit visits",
        "delete tasks",
    }
)
OWNER_ACTIONS = frozenset({"manage staff", "restore a backup", "repair the database"})
# The restricted actions that every role may do all the same (named, so that a misspelt
# action is an error rather than open to everyone).
OPEN_ACTIONS = frozenset({"add customers", "change community members"})


@dataclass(frozen=True)
class Actor:
    """The staff member doing something. ``None`` in place of an Actor is the
    shop itself: the command line and scheduled jobs act as the owner of the file."""

    staff_id: int | None
    role: str = "staff"
    name: str = ""


def may(actor: Actor | None, action: str) -> bool:
    """Whether ``actor`` may do ``action`` (SPEC 8's matrix); the screens use it to hide
    what the service would refuse."""
    role = "owner" if actor is None else actor.role
    if action in OWNER_ACTIONS:
        return role == "owner"
    if action in MANAGER_ACTIONS:
        return role in ("owner", "manager")
    if action in OPEN_ACTIONS:
        return role in ROLES
    raise ValueError(f"no such action in the permission matrix: {action!r}")


def require(actor: Actor | None, action: str) -> None:
    if not may(actor, action):
        raise NotAllowed(action, actor.role if actor is not None else "owner")


def jsonable(value: Any) -> Any:
    """Dates and times as ISO text, inside dicts and lists too: what ``json.dumps`` takes."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
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
    return AuditEntry.insert(**_audit_values(actor, entity, entity_id, action, before, after)).execute()


def _audit_values(actor, entity, entity_id, action, before, after) -> dict[str, Any]:
    return {
        "staff": actor.staff_id if actor else None,
        "at": clock.now(),
        "entity": entity,
        "entity_id": entity_id,
        "action": action,
        "before": None if before is None else json.dumps(jsonable(before), ensure_ascii=False),
        "after": None if after is None else json.dumps(jsonable(after), ensure_ascii=False),
    }


def audit_statement(
    actor: Actor | None,
    entity: str,
    entity_id: int | None,
    action: str,
    before: Any = None,
    after: Any = None,
) -> tuple[str, list]:
    """:func:`audit`'s entry as a statement, for a caller that sends it with others
    (:func:`crm.statements.send_together`) and needs no id back."""
    values = _audit_values(actor, entity, entity_id, action, before, after)
    return (
        'INSERT INTO audit_entry ("staff_id", "at", "entity", "entity_id", "action", "before", "after")'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        list(values.values()),
    )


def row_dict(instance) -> dict[str, Any]:
    """A model instance as plain column values (foreign keys as ids), for the audit trail."""
    return {field.name: instance.__data__.get(field.name) for field in instance._meta.sorted_fields}


def customer_or_not_found(customer_id: int) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound("customer", customer_id)
    return customer


def live_customer(customer_id: int, field: str = "customer", *, archived_ok: bool = False) -> Customer:
    """The customer, refused when their data was erased or (unless ``archived_ok``) they are
    archived: NotFound when there is no such customer, else InvalidInput on ``field``."""
    customer = customer_or_not_found(customer_id)
    if customer.erased:
        raise InvalidInput(field, "this customer's data was erased")
    if customer.archived and not archived_ok:
        raise InvalidInput(field, "this customer is archived; restore them first")
    return customer
