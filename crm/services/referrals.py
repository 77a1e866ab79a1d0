"""Referrals and fission (SPEC 2.3): who brought whom.

Each customer has at most one referrer, so referrals form a forest. Setting a
referrer is refused when it would make someone their own referrer or close a
loop. Trees are read with recursive CTEs (``WITH RECURSIVE`` runs on SQLite and
PostgreSQL) and aggregated in bulk, never with a query per node.

Definitions used throughout, as of a date D (default today):

- the tree of a customer is everyone below them who joined on or before D;
  the customer themselves (the root) is not counted in size, converted or revenue;
- a member is *converted* when they have a purchase (a visit with amount > 0)
  on or before D;
- revenue is the sum of the amounts of purchases and refunds (refunds are
  negative), on or before D, or within ``period`` (first day, last day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crm import clock
from crm.db import database, query_rows
from crm.errors import InvalidInput, NotFound, ReferralCycle, SelfReferral
from crm.models import Customer
from crm.services import levels as level_service
from crm.services.common import Actor, audit, require
from crm.services.referral_loops import referral_loop
from crm.services.referral_terms import Person, ReferrerStats, TreeSummary, day_text, revenue_bounds

# Revenue is the sum of purchases (amount > 0) and refunds (amount < 0). Only
# those two carry a non-zero amount (the visits service enforces it), so it is
# the plain sum over all visits, which an index on visit (customer_id, day,
# amount) answers without reading the table.

SORT_KEYS = ("size", "revenue", "converted", "depth")


@dataclass(frozen=True)
class TreeNode:
    id: int
    name: str
    code: str
    parent_id: int
    generation: int  # 1 = referred by the root directly
    converted: bool
    revenue: int  # minor units


@dataclass(frozen=True)
class Generation:
    generation: int
    members: int
    converted: int
    revenue: int


@dataclass(frozen=True)
class Tree:
    root: Person
    nodes: list[TreeNode]  # ordered by generation, then id
    generations: list[Generation]  # generation 1..depth
    size: int  # descendants, root excluded
    depth: int  # 0 when nobody was referred
    converted: int
    revenue: int

    def children(self, parent_id: int) -> list[TreeNode]:
        return [n for n in self.nodes if n.parent_id == parent_id]


def _person(customer_id: int) -> Person:
    row = (
        Customer.select(Customer.id, Customer.name, Customer.code).where(Customer.id == customer_id).tuples()
    )
    found = row.first()
    if found is None:
        raise NotFound("customer", customer_id)
    return Person(*found)


# --- upstream ----------------------------------------------------------------

# From ``start`` up through referrers, stopping after ``stop`` (if it is met).
# The depth cap only matters for damaged data with a loop above ``start``.
_UP_SQL = """
WITH RECURSIVE up(id, referrer_id, depth) AS (
    SELECT id, referrer_id, 1 FROM customer WHERE id = ?
    UNION ALL
    SELECT c.id, c.referrer_id, up.depth + 1
    FROM customer c JOIN up ON c.id = up.referrer_id
    WHERE up.id <> ? AND up.depth <= (SELECT COUNT(*) FROM customer)
)
SELECT up.id, c.name, c.code, up.referrer_id FROM up JOIN customer c ON c.id = up.id ORDER BY up.depth
"""


def _walk_up(start: int) -> list[Person]:
    seen: set[int] = set()
    chain = []
    for row in query_rows(_UP_SQL, (start, -1)):
        if row[0] in seen:  # a loop already in the data; never created here
            break
        seen.add(row[0])
        chain.append(Person(*row[:3]))
    return chain


def upstream_chain(customer_id: int) -> list[Person]:
    """The customer's referrer, their referrer, … up to the root (nearest first)."""
    row = Customer.select(Customer.referrer).where(Customer.id == customer_id).tuples().first()
    if row is None:
        raise NotFound("customer", customer_id)
    if row[0] is None:
        return []
    return _walk_up(row[0])


def find_cycle(customer_id: int, referrer_id: int) -> list[str] | None:
    """The names around the loop that ``referrer_id`` as referrer of ``customer_id``
    would close, in who-brought-whom order starting and ending with the customer;
    None when there is no loop. Self-referral is a loop of one: [name, name]."""
    if referrer_id == customer_id:
        name = _person(customer_id).name
        return [name, name]
    up = query_rows(_UP_SQL, (referrer_id, customer_id))
    parent = {row[0]: row[3] for row in up}
    loop = referral_loop(customer_id, referrer_id, parent.get)
    if loop is None or loop[-1] != customer_id:
        return None
    # The loop runs up from the customer; who brought whom runs the other way.
    names = {row[0]: row[1] for row in up}
    return [names[i] for i in reversed(loop)]


def set_referrer(customer_id: int, referrer_id: int | None, actor: Actor | None = None) -> None:
    """Set (or with None, clear) who referred ``customer_id``.

    Refuses self-referral (:class:`SelfReferral`) and anything that would close a
    loop (:class:`ReferralCycle` naming the loop); nothing is written then. The
    levels of the old and the new referrer are refreshed in the same transaction.
    Changing who referred a customer is editing them (managers and owners, SPEC 8).
    """
    require(actor, "edit customers")
    with database.atomic():
        found = (
            Customer.select(Customer.id, Customer.name, Customer.referrer)
            .where(Customer.id == customer_id)
            .tuples()
            .first()
        )
        if found is None:
            raise NotFound("customer", customer_id)
        _, name, old = found
        if referrer_id is not None:
            if referrer_id == customer_id:
                raise SelfReferral(customer_id, name)
            _person(referrer_id)
            loop = find_cycle(customer_id, referrer_id)
            if loop is not None:
                raise ReferralCycle(loop)
        if old == referrer_id:
            return
        Customer.update(referrer=referrer_id, updated_at=clock.now()).where(
            Customer.id == customer_id
        ).execute()
        audit(
            actor, "customer", customer_id, "set_referrer", {"referrer_id": old}, {"referrer_id": referrer_id}
        )
        level_service.refresh_customers([i for i in (old, referrer_id) if i is not None])


# --- downstream --------------------------------------------------------------

_DOWN_SQL = """
WITH RECURSIVE tree(id, parent_id, generation) AS (
    SELECT id, referrer_id, 1 FROM customer WHERE referrer_id = ? AND joined <= ?
    UNION ALL
    SELECT c.id, c.referrer_id, tree.generation + 1
    FROM customer c JOIN tree ON c.referrer_id = tree.id
    WHERE c.joined <= ? AND c.id <> ?
)
SELECT t.id, c.name, c.code, t.parent_id, t.generation,
    EXISTS (SELECT 1 FROM visit v WHERE v.customer_id = t.id AND v.amount > 0 AND v.day <= ?),
    COALESCE((SELECT SUM(v.amount) FROM visit v
              WHERE v.customer_id = t.id AND v.day >= ? AND v.day <= ?), 0)
FROM tree t JOIN customer c ON c.id = t.id
ORDER BY t.generation, t.id
"""


def downstream_tree(
    customer_id: int, as_of: date | None = None, period: tuple[date, date] | None = None
) -> Tree:
    """Everyone the customer brought in, directly or through others, as of ``as_of``."""
    root = _person(customer_id)
    day = day_text(as_of)
    start, end = revenue_bounds(as_of, period)
    # Excluding the root from the recursion stops it even on damaged data with a
    # loop through the root; no other loop can be reached going down.
    rows = query_rows(_DOWN_SQL, (customer_id, day, day, customer_id, day, start, end))
    nodes = [TreeNode(r[0], r[1], r[2], r[3], r[4], bool(r[5]), int(r[6])) for r in rows]
    generations: dict[int, list[int]] = {}
    for n in nodes:
        g = generations.setdefault(n.generation, [0, 0, 0])
        g[0] += 1
        g[1] += n.converted
        g[2] += n.revenue
    return Tree(
        root=root,
        nodes=nodes,
        generations=[Generation(k, *v) for k, v in sorted(generations.items())],
        size=len(nodes),
        depth=max(generations, default=0),
        converted=sum(n.converted for n in nodes),
        revenue=sum(n.revenue for n in nodes),
    )


# --- the whole forest ----------------------------------------------------------


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 0:
        raise InvalidInput("limit", "must not be negative")


def forest(
    sort_by: str = "size",
    limit: int | None = 100,
    as_of: date | None = None,
    period: tuple[date, date] | None = None,
) -> list[TreeSummary]:
    """Every referral tree (a root without a referrer who brought at least one
    customer), biggest first by ``sort_by``: size, revenue, converted or depth (then the
    bigger tree, then by root id). Read from the whole forest's figures, one pass over every
    customer kept until a customer or a visit changes (:mod:`crm.services.referral_forest`)."""
    if sort_by not in SORT_KEYS:
        raise InvalidInput("sort_by", f"must be one of {', '.join(SORT_KEYS)}")
    _check_limit(limit)
    from crm.services import referral_forest  # numpy: not at the app's start

    return referral_forest.trees(sort_by, limit, as_of, period)


def super_referrers(limit: int | None = 20, as_of: date | None = None) -> list[ReferrerStats]:
    """Current customers (not archived, not erased) ordered by converted direct referrals
    (referred customers who bought on or before ``as_of``), then direct referrals, then id;
    only those with at least one conversion."""
    _check_limit(limit)
    from crm.services import referral_forest

    return referral_forest.top_referrers(limit, as_of)
