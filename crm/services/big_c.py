"""Who is a 大C on a day: the leaders of a live community with members, and the customers
flagged 大C by hand (SPEC 2.3). Its own small module, so the customer list's first screen,
which needs the set, does not import the communities service and what that imports (about
30 ms of a start); :mod:`crm.services.communities` offers the same names."""

from __future__ import annotations

from datetime import date

from crm import clock
from crm.db import query_rows
from crm.errors import NotFound
from crm.models import Customer

# "Member on D" and "community archived on D", as SQL with their parameters.
MEMBER_ON = 'ms.joined <= ? AND (ms."left" IS NULL OR ms."left" > ?)'
ARCHIVED_ON = "(c.archived AND (c.archived_on IS NULL OR c.archived_on <= ?))"

# Leaders of an existing, non-archived community with at least one member on D.
_LEADS_SQL = f"""
SELECT c.leader_id FROM community c
WHERE c.created <= ? AND NOT {ARCHIVED_ON} {{leader_filter}}
  AND EXISTS (SELECT 1 FROM membership ms
              WHERE ms.community_id = c.id AND ms.customer_id <> c.leader_id AND {MEMBER_ON})
"""


def big_c_ids(as_of: date | None = None) -> set[int]:
    """Every 大C on ``as_of``: leaders of a community with members, and flagged customers."""
    d = (as_of or clock.today()).isoformat()
    leaders = query_rows(_LEADS_SQL.format(leader_filter=""), [d, d, d, d])
    flagged = Customer.select(Customer.id).where(Customer.big_c_flag).tuples()
    return {r[0] for r in leaders} | {r[0] for r in flagged}


def big_c_condition(as_of: date | None = None) -> tuple[str, list]:
    """SQL true for a customer row aliased ``c`` who is a 大C on ``as_of`` (as :func:`big_c_ids`
    counts them), and its parameters: for a query that filters or sorts by it."""
    d = (as_of or clock.today()).isoformat()
    return f"(c.big_c_flag OR c.id IN ({_LEADS_SQL.format(leader_filter='')}))", [d, d, d, d]


def is_big_c(customer_id: int, as_of: date | None = None) -> bool:
    found = Customer.select(Customer.big_c_flag).where(Customer.id == customer_id).tuples().first()
    if found is None:
        raise NotFound("customer", customer_id)
    if found[0]:
        return True
    d = (as_of or clock.today()).isoformat()
    return bool(
        query_rows(
            _LEADS_SQL.format(leader_filter="AND c.leader_id = ?") + "LIMIT 1", [d, d, customer_id, d, d]
        )
    )
