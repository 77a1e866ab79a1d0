"""What a change to the shop touched, so the screens that show it read it again.

A service that changes data returns a :class:`Changes` (on its result, as
``VisitResult.changes``); the app's actions publish it and every page decides
from it whether what it shows is out of date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    # These customers' own records moved: profile, visits, tasks, level, referrer, community.
    customers: frozenset[int] = frozenset()
    # Too many customers to name (an import, new level rules, a restore): any of them may have moved.
    every_customer: bool = False
    visits: bool = False  # purchases or visits were added, edited or removed
    tasks: bool = False
    communities: bool = False
    settings: bool = False
    staff: bool = False
    lifetime: bool = False  # a new fit of the lifetime models was stored: each customer's outlook moved

    @classmethod
    def of(cls, customers: Iterable[int] = (), **kinds: bool) -> Changes:
        return cls(customers=frozenset(int(c) for c in customers), **kinds)

    @classmethod
    def everything(cls) -> Changes:
        """A different shop, a restore or a replaced database: every page reads again."""
        return cls(
            every_customer=True,
            visits=True,
            tasks=True,
            communities=True,
            settings=True,
            staff=True,
            lifetime=True,
        )

    def about(self, customer_id: int | None) -> bool:
        """Whether this customer's page or card is out of date."""
        return customer_id is not None and (self.every_customer or customer_id in self.customers)

    @property
    def any_customer(self) -> bool:
        return self.every_customer or bool(self.customers)

    def __bool__(self) -> bool:
        return (
            self.any_customer
            or self.visits
            or self.tasks
            or self.communities
            or self.settings
            or self.staff
            or self.lifetime
        )

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            customers=self.customers | other.customers,
            every_customer=self.every_customer or other.every_customer,
            visits=self.visits or other.visits,
            tasks=self.tasks or other.tasks,
            communities=self.communities or other.communities,
            settings=self.settings or other.settings,
            staff=self.staff or other.staff,
            lifetime=self.lifetime or other.lifetime,
        )


NOTHING = Changes()
