"""Plain-row builders for tests that need data without going through the services."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time

from crm.models import Community, Customer, Membership, Visit

_codes = itertools.count(1)


def customer(name: str = "张三", joined: date = date(2024, 1, 1), **fields) -> Customer:
    fields.setdefault("code", f"T{next(_codes):06d}")
    return Customer.create(name=name, joined=joined, **fields)


def visit(who: Customer, day: date, amount: int = 1000, kind: str | None = None, **fields) -> Visit:
    if kind is None:
        kind = "purchase" if amount > 0 else ("refund" if amount < 0 else "visit")
    return Visit.create(
        customer=who, at=datetime.combine(day, time(10, 0)), day=day, amount=amount, kind=kind, **fields
    )


def community(
    leader: Customer,
    members: list[Customer],
    created: date = date(2024, 1, 1),
    joined: date | None = None,
    name: str = "社群",
) -> Community:
    group = Community.create(name=name, leader=leader, created=created)
    for member in members:
        Membership.create(community=group, customer=member, joined=joined or created)
    return group
