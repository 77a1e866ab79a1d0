"""One customer's level: why it is what it is, and pinning it by hand.

An explanation lists the facts behind the level and what would move the
customer up (:func:`crm.levels.explain`); a pin overrides the rules for a
while, with a reason, and is recorded in the audit trail and the history.
"""

from __future__ import annotations

from datetime import date, datetime

from crm import clock
from crm.db import database
from crm.errors import InvalidInput
from crm.levels import LEVELS, Explanation, Facts, explain, level_index
from crm.models import Customer, LevelChange
from crm.services.common import Actor, audit, customer_or_not_found, require
from crm.services.level_facts import gather_facts, pins_of, rules
from crm.services.levels import refresh_customers


def facts_of(customer_id: int, as_of: date | None = None) -> Facts:
    as_of = as_of or clock.today()
    customer_or_not_found(customer_id)
    return gather_facts(as_of, [customer_id]).facts(customer_id, as_of)


def explain_customer(customer_id: int, as_of: date | None = None) -> Explanation:
    """Why the customer is at their level as of the date, and what moves them up."""
    as_of = as_of or clock.today()
    pin = pins_of([customer_or_not_found(customer_id).id]).get(customer_id)
    return explain(facts_of(customer_id, as_of), rules(), pin, as_of)


def pin_level(
    customer_id: int,
    level: str | int,
    reason: str,
    until: date | None = None,
    actor: Actor | None = None,
) -> list[int]:
    """Override the computed level while the pin lasts (through ``until`` inclusive)."""
    require(actor, "pin levels")
    index = level if isinstance(level, int) else _level_or_invalid(level)
    if not 0 <= index < len(LEVELS):
        raise InvalidInput("level", f"must be one of {', '.join(LEVELS)}")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", "a pinned level needs a reason")
    today = clock.today()
    if until is not None and until < today:
        raise InvalidInput("until", "the pin's end date is in the past")
    with database.atomic():
        customer = customer_or_not_found(customer_id)
        before = {"pin_level": customer.pin_level, "pin_reason": customer.pin_reason}
        Customer.update(
            pin_level=index,
            pin_reason=reason,
            pin_from=today,
            pin_until=until,
            pin_by=actor.staff_id if actor else None,
            updated_at=datetime.now(),
        ).where(Customer.id == customer_id).execute()
        audit(
            actor,
            "customer",
            customer_id,
            "pin level",
            before,
            {"pin_level": LEVELS[index], "pin_reason": reason, "pin_until": until},
        )
        return refresh_customers([customer_id], today)


def unpin_level(customer_id: int, actor: Actor | None = None) -> list[int]:
    require(actor, "pin levels")
    with database.atomic():
        customer = customer_or_not_found(customer_id)
        if customer.pin_level is None:
            return []
        before = {"pin_level": LEVELS[customer.pin_level], "pin_reason": customer.pin_reason}
        Customer.update(
            pin_level=None,
            pin_reason=None,
            pin_from=None,
            pin_until=None,
            pin_by=None,
            updated_at=datetime.now(),
        ).where(Customer.id == customer_id).execute()
        audit(actor, "customer", customer_id, "unpin level", before, None)
        changed = refresh_customers([customer_id])
        if changed:
            LevelChange.update(reason="unpin").where(
                LevelChange.id
                == LevelChange.select(LevelChange.id)
                .where(LevelChange.customer == customer_id)
                .order_by(LevelChange.id.desc())
                .limit(1)
            ).execute()
        return changed


def _level_or_invalid(key: str) -> int:
    try:
        return level_index(key)
    except ValueError as exc:
        raise InvalidInput("level", str(exc)) from None
