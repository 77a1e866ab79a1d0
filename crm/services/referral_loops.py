"""The one walk that refuses a referral loop (SPEC 2.3: referrals form a forest).

Setting a referrer (:func:`crm.services.referrals.set_referrer`), importing
referrers (:mod:`crm.io.importer`) and putting referrers back when an import is
undone all ask the same question: following who referred whom up from a
customer, does the chain come back to someone already met?
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

Person = TypeVar("Person", bound=Hashable)


def referral_loop(
    start: Person, referrer: Person | None, referrer_of: Callable[[Person], Person | None]
) -> list[Person] | None:
    """Going up from ``start``, whose referrer would be ``referrer``, through ``referrer_of``:
    the people met, from ``start``, followed by the first one met a second time; None
    when the chain ends at someone without a referrer.

    The loop goes through ``start`` when the last one is ``start``; any other last one
    means the chain above runs into a loop that was there before (damaged data)."""
    chain = [start]
    seen = {start}
    node = referrer
    while node is not None:
        chain.append(node)
        if node in seen:
            return chain
        seen.add(node)
        node = referrer_of(node)
    return None
